/**
 * Applies the committed migrations (standard Prisma migration folders) to a
 * database, offline, through the wasm schema engine. A machine with Prisma's
 * native engine can run `prisma migrate deploy` on the same folders.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { MigrationList } from "@prisma/schema-engine-wasm/schema_engine_bg";
import { migrationAdapterFactory } from "./adapters.js";
import { composeSchema } from "./compose.js";
import { migrationsDir, type Provider, schemaFile } from "./providers.js";
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

/** Applies every pending migration; returns the names applied now. */
export async function migrate(url: string): Promise<string[]> {
  return withEngine(url, async (engine, provider) => {
    const out = await runEngine(() =>
      engine.applyMigrations({ migrationsList: readMigrations(provider), filters: NO_FILTERS }),
    );
    return out.appliedMigrationNames;
  });
}
