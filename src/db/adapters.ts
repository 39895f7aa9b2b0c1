/**
 * Driver adapters for both providers, shared by the app's client and the
 * schema engine (migrations), with the workarounds the engine needs.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { type Provider, providerOf } from "./providers.js";

export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

/** "file:./data/x.db" or "./data/x.db" → the file path. */
export function sqlitePath(url: string): string {
  return url.replace(/^file:/, "");
}

export function sqliteFactory(url: string): PrismaBetterSqlite3 {
  const file = sqlitePath(url);
  if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  return new PrismaBetterSqlite3({ url: file, timeout: SQLITE_BUSY_TIMEOUT_MS });
}

export function pgFactory(url: string): PrismaPg {
  return new PrismaPg({ connectionString: url });
}

/** PostgreSQL catalog types the schema engine reads but adapter-pg 7.10 cannot map ("char", OID 18). */
const CATALOG_TEXT_OIDS = new Set([18]);
const TEXT_OID = 25;

type PgResult = { fields: { dataTypeID: number }[] };
type PerformIO = (query: unknown, ...rest: unknown[]) => Promise<PgResult>;

/**
 * The factory the schema engine migrates through. On PostgreSQL, columns of
 * catalog type "char" are read as text: adapter-pg otherwise throws on them
 * when the engine introspects. The app's own queries never meet such columns.
 */
export function migrationAdapterFactory(url: string): { provider: Provider; factory: SqlMigrationAwareDriverAdapterFactory } {
  const provider = providerOf(url);
  if (provider === "sqlite") return { provider, factory: sqliteFactory(url) as unknown as SqlMigrationAwareDriverAdapterFactory };
  const base = pgFactory(url);
  const connect = base.connect.bind(base);
  base.connect = async () => {
    const adapter = await connect();
    const io = adapter as unknown as { performIO: PerformIO };
    const perform = io.performIO.bind(adapter);
    io.performIO = async (query, ...rest) => {
      const result = await perform(query, ...rest);
      for (const f of result.fields) if (CATALOG_TEXT_OIDS.has(f.dataTypeID)) f.dataTypeID = TEXT_OID;
      return result;
    };
    return adapter;
  };
  return { provider, factory: base as unknown as SqlMigrationAwareDriverAdapterFactory };
}

/** Runs `fn` against a throw-away PostgreSQL database on the server of `serverUrl`, dropped afterwards. */
export async function withScratchPgDatabase<T>(serverUrl: string, fn: (url: string) => Promise<T>): Promise<T> {
  const name = `prisma_scratch_${randomUUID().replaceAll("-", "")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return await fn(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}
