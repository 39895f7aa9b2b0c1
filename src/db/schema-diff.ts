/**
 * What the committed migrations lack: apply them to a scratch database,
 * introspect what they built, and diff that against the current models.
 * Empty SQL means migrations and models agree. Used to make the next
 * migration and by the drift test. No shadow database, no git.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { withScratchPgDatabase } from "./adapters.js";
import { composeSchema } from "./compose.js";
import { NO_FILTERS, readMigrations, withEngine } from "./migrate.js";
import type { Provider } from "./providers.js";
import { runEngine } from "./schema-engine.js";

export async function withScratchDatabase<T>(provider: Provider, pgServerUrl: string, fn: (url: string) => Promise<T>): Promise<T> {
  if (provider === "postgresql") return withScratchPgDatabase(pgServerUrl, fn);
  const dir = mkdtempSync(path.join(os.tmpdir(), "wecom-edu-bot-scratch-"));
  try {
    return await fn(`file:${path.join(dir, "scratch.db")}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The SQL that would bring a database built by the committed migrations up to the current models. */
export async function missingMigrationSql(
  provider: Provider,
  pgServerUrl: string,
  schema: string = composeSchema(provider),
): Promise<string> {
  return withScratchDatabase(provider, pgServerUrl, (url) =>
    withEngine(url, async (engine) => {
      const migrations = readMigrations(provider);
      await runEngine(() => engine.applyMigrations({ migrationsList: migrations, filters: NO_FILTERS }));
      const current = { tag: "schemaDatamodel" as const, files: [{ path: "schema.prisma", content: schema }] };
      let from: { tag: "empty" } | typeof current = { tag: "empty" };
      if (migrations.migrationDirectories.length > 0) {
        const built = await runEngine(() =>
          engine.introspect({
            schema: { files: current.files },
            baseDirectoryPath: path.dirname(migrations.baseDir),
            force: true,
            compositeTypeDepth: 0,
            namespaces: null,
          }),
        );
        from = { tag: "schemaDatamodel", files: built.schema.files };
      }
      const out = await runEngine(() => engine.diff({ from, to: current, script: true, exitCode: null, filters: NO_FILTERS }));
      return meaningfulSql(out.stdout ?? "");
    }),
  );
}

/** Drops the engine's "-- This is an empty migration." and blank lines. */
function meaningfulSql(sql: string): string {
  const body = sql
    .split("\n")
    .filter((l) => l.trim() !== "" && !/^-- This is an empty migration/.test(l))
    .join("\n");
  return body.replace(/^(--[^\n]*\n?)+$/, "").trim() === "" ? "" : `${sql.trim()}\n`;
}
