# wecom-edu-bot — multi-stage image: built on full Debian Node 20 (compilers for better-sqlite3),
# run on slim Debian Node 20 as the unprivileged `node` user, SQLite data in the /data volume.
#
# There is no Docker engine on the machines this was written on. Every step below was run by hand
# instead, on Debian 12 with Node 20.20.2 (the same as these images), as docs/operations.md
# ("How the Dockerfile was checked") records:
#   build stage:   copied package.json, package-lock.json, tsconfig.json, prisma/, src/ (without
#                  src/generated), templates/ into an empty directory; ran `npm ci --no-audit --no-fund`
#                  (better-sqlite3 compiled from source, the Prisma clients generated offline by
#                  postinstall; install scripts of prisma, @prisma/engines and esbuild skipped per
#                  package.json "allowScripts"), then `npm prune --omit=dev --no-audit --no-fund`.
#   runtime stage: copied that directory to another; created a `node` user (uid 1001 there: 1000 was
#                  taken) and /data owned by it; as `node`, with the ENV below, ran the CMD against a
#                  fresh /data (migrations applied at start; /healthz and /readyz 200) and again with
#                  DATABASE_URL pointing at a new PostgreSQL database; ran the HEALTHCHECK command
#                  against each (exit 0) and against a stopped bot (exit 1).
#   fonts:         none from Debian: the chart font (Noto Sans Hans Regular, SIL OFL) comes from npm with `npm ci`
#                  (@embedpdf/fonts-sc); its four other weights are deleted in the build stage. @resvg/resvg-js's
#                  prebuilt binary comes from npm too.

FROM node:20.20.2-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json ./
COPY prisma ./prisma
COPY src ./src
COPY templates ./templates
RUN npm ci --no-audit --no-fund && npm prune --omit=dev --no-audit --no-fund \
 && find node_modules/@embedpdf/fonts-sc/fonts -name '*.otf' ! -name 'NotoSansHans-Regular.otf' -delete

FROM node:20.20.2-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build --chown=node:node /app /app
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Applies pending migrations, then serves. Stop with SIGTERM (docker stop): in-flight work finishes.
CMD ["node", "--import", "tsx", "src/main.ts"]
