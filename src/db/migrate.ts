/**
 * Applies the committed migrations (standard Prisma migration folders) to a
 * database, offline, through the wasm schema engine. A machine with Prisma's
 * native engine can run `prisma migrate deploy` on the same folders.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { MigrationList } from "@prisma/schema-engine-wasm/schema_engine_bg";
import { migrationAdapterFactory, pgFactory, sqliteFactory } from "./adapters.js";
import { composeSchema } from "./compose.js";
import { migrationsDir, type Provider, providerOf, schemaFile } from "./providers.js";
import { openSchemaEngine, runEngine, type SchemaEngine } from "./schema-engine.js";

export function readMigrations(provider: Provider): MigrationList {
  const baseDir = migrationsDir(provider);
  const lockPath = path.join(baseDir, "migration_lock.toml");
  const dirs = existsSync(baseDir)
    ? readdirSync(baseDir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];
  return {
    baseDir,
    lockfile: { path: "migration_lock.toml", content: existsSync(lockPath) ? readFileSync(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: dirs.map((dir) => {
      const file = path.join(baseDir, dir, "migration.sql");
      return {
        path: dir,
        migrationFile: {
          path: "migration.sql",
          content: existsSync(file) ? { tag: "ok", value: readFileSync(file, "utf8") } : { tag: "error", value: "missing migration.sql" },
        },
      };
    }),
  };
}

export const NO_FILTERS = { externalTables: [], externalEnums: [] };

export async function withEngine<T>(url: string, fn: (engine: SchemaEngine, provider: Provider) => Promise<T>): Promise<T> {
  const { provider, factory, dispose } = migrationAdapterFactory(url);
  try {
    const engine = await openSchemaEngine(factory, { path: schemaFile(provider), content: composeSchema(provider) });
    try {
      return await fn(engine, provider);
    } finally {
      engine.free();
    }
  } finally {
    await dispose();
  }
}

/**
 * The committed migrations the database has not finished applying, read with
 * a plain query. Most starts have none, and then the schema engine is not
 * loaded at all: that keeps start-up fast, and lets the CLI run beside a
 * running bot (the engine locks a SQLite file exclusively while it works).
 */
export async function pendingMigrations(url: string): Promise<string[]> {
  const provider = providerOf(url);
  const all = readMigrations(provider).migrationDirectories.map((d) => d.path);
  const factory = provider === "sqlite" ? sqliteFactory(url) : pgFactory(url);
  const adapter = await factory.connect();
  try {
    const result = await adapter.queryRaw({
      sql: 'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
      args: [],
      argTypes: [],
    });
    const done = new Set(result.rows.map((r) => String(r[0])));
    return all.filter((m) => !done.has(m));
  } catch {
    return all; // no _prisma_migrations table yet: a new database
  } finally {
    await adapter.dispose();
  }
}

/** Applies every pending migration; returns the names applied now. */
export async function migrate(url: string): Promise<string[]> {
  if ((await pendingMigrations(url)).length === 0) return [];
  return withEngine(url, async (engine, provider) => {
    const out = await runEngine(() => engine.applyMigrations({ migrationsList: readMigrations(provider), filters: NO_FILTERS }));
    return out.appliedMigrationNames;
  });
}
