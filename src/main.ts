/**
 * Starts the bot: configuration → database (migrated) → data → app → server,
 * and stops it gracefully on SIGTERM / SIGINT: stop accepting, finish
 * in-flight requests, close the database.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import type { AibotConnection } from "./aibot/connection.js";
import { createApp, type WeComDeps } from "./app.js";
import { systemClock } from "./clock.js";
import { type Config, ConfigError, loadConfig, WECOM_CREDENTIALS } from "./config.js";
import { type Database, openDatabase } from "./db/client.js";
import { migrate } from "./db/migrate.js";
import { databaseWhere, providerOf, sqliteInside } from "./db/providers.js";
import { createLogger, type Logger } from "./log.js";
import { resumeRosterImports } from "./roster/apply-roster.js";
import { aibotOnlyRuntime, wecomRuntime } from "./runtime.js";
import { peopleOutsideDemo, seed } from "./seed.js";
import { simRoutes } from "./sim/routes.js";
import { createSimulator, type Simulator } from "./sim/simulator.js";
import { HeavyWork } from "./work/heavy-work.js";

export type Running = {
  server: http.Server;
  db: Database;
  config: Config;
  logger: Logger;
  stop(): Promise<void>;
  simulatorUrl: string | null;
};

export async function start(config: Config, logger: Logger): Promise<Running> {
  if (
    config.production &&
    providerOf(config.databaseUrl) === "sqlite" &&
    !(config.dataDirSet && sqliteInside(config.databaseUrl, config.dataDir))
  )
    logger.warn(
      { database: databaseWhere(config.databaseUrl), dataDir: config.dataDirSet ? config.dataDir : null },
      "production on SQLite outside a declared data directory (DATA_DIR): an upgrade or a new container may start with an empty database; set DATA_DIR to the persistent volume (the Docker image sets /data) and leave DATABASE_URL unset, or point DATABASE_URL into it",
    );
  const applied = await migrate(config.databaseUrl);
  if (applied.length) logger.info({ migrations: applied }, "applied migrations");
  const db = await openDatabase(config.databaseUrl, { sqliteSynchronous: config.sqliteSynchronous });
  if (config.simulator) {
    // Anyone who reaches the simulator can act as anyone on the roster: never over a real one.
    const real = await peopleOutsideDemo(db.prisma);
    if (real > 0) {
      await db.close();
      throw new ConfigError([
        `DATABASE_URL 指向的数据库已有真实名册（${real} 人不在演示名册中），本地模拟器不能在上面启动：请设置企业微信的五项凭据（${WECOM_CREDENTIALS.join("、")}），或换一个 DATABASE_URL 用于模拟`,
      ]);
    }
  } else if (!config.wecom && !config.aibot) {
    logger.warn(
      { missing: WECOM_CREDENTIALS },
      "NODE_ENV=production without WeCom credentials: no WeCom transport is configured, so no callback is received and nothing is sent",
    );
  }
  await seed(db.prisma, { demo: config.simulator, logger });
  let wecom: WeComDeps | undefined;
  let sim: Simulator | undefined;
  if (config.wecom) {
    wecom = wecomRuntime({ db: db.prisma, config, clock: systemClock, logger, creds: config.wecom, apiBase: config.wecomApiBase });
  } else if (config.aibot) {
    // The intelligent bot alone (no public address): messages come over its long connection and go out through it.
    wecom = aibotOnlyRuntime({ db: db.prisma, config, clock: systemClock, logger, apiBase: config.wecomApiBase });
  } else if (config.simulator) {
    sim = await createSimulator(db, config, logger);
    wecom = sim.wecom;
  }
  let aibot: AibotConnection | undefined;
  // The dashboard's pages and exports in threads of their own (their own database connections): WeCom's
  // callbacks never wait behind a county's overview or a year's export.
  const heavy = new HeavyWork(db.prisma, { databaseUrl: config.databaseUrl, threads: true, logger });
  const app = createApp({
    heavy,
    // The simulator's bot also holds the fake intelligent bot's connection (its page's group chat).
    config: sim ? { ...config, aibot: sim.aibot.config } : config,
    db,
    logger,
    aibot: (c) => {
      aibot = c;
    },
    ...(wecom ? { wecom } : {}),
    ...(sim
      ? {
          clock: sim.clock,
          simLogin: (userid: string) => sim.fake.loginCode(userid),
          // The simulator's fake serves its images on http://127.0.0.1: trusted there, never in production.
          aibotMediaOrigins: [await sim.aibot.fake.fileOrigin()],
        }
      : {}),
  });
  if (sim) {
    const routes = simRoutes(sim, db.prisma, config.timezone, { anyHost: config.hostSet });
    app.use(routes.routes());
    app.use(routes.allowedMethods());
  }
  await wecom?.scheduler?.start();
  // A roster import that a crash interrupted is completed (in the background: it yields to callbacks).
  void resumeRosterImports(db.prisma).then(
    (n) => n && logger.info({ imports: n }, "completed an interrupted roster import"),
    (err: unknown) => logger.error({ err }, "could not complete an interrupted roster import"),
  );
  const server = http.createServer(app.callback());
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  sim?.setCallbackUrl(`http://127.0.0.1:${port}/wecom/callback`);
  aibot?.start();
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await aibot?.stop();
      await wecom?.scheduler?.stop();
      await wecom?.worker.stop();
      await sim?.stop();
      await heavy.stop();
      await db.close();
    })();
    return stopping;
  };
  return { server, db, config, logger, stop, simulatorUrl: sim ? `http://localhost:${port}/sim` : null };
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const logger = createLogger({ level: config.logLevel, production: config.production });
  let running: Running;
  try {
    running = await start(config, logger);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78);
    }
    logger.fatal({ err: err instanceof Error ? { name: err.name, message: err.message } : String(err) }, "start failed");
    process.exit(1);
  }
  const address = running.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  logger.info(
    {
      port,
      host: config.host,
      database: running.db.provider,
      // Which file or server holds the data, so an operator sees at once when it is not the volume they meant.
      databaseAt: databaseWhere(config.databaseUrl),
      mode: config.production ? "production" : config.simulator ? "simulator" : "development",
    },
    `wecom-edu-bot listening on http://localhost:${port}`,
  );
  // One plain line for people: where the simulator is.
  if (running.simulatorUrl) process.stdout.write(`本地模拟器（无需企业微信账号）：${running.simulatorUrl}\n`);
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      logger.info({ signal }, "shutting down");
      const force = setTimeout(() => process.exit(1), 10_000);
      force.unref();
      running.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
