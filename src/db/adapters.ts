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
import { StatementSafePool } from "./pg-pool.js";
import { type Provider, providerOf } from "./providers.js";
import { withGroupCommit } from "./sqlite-group-commit.js";
import { cacheStatements } from "./sqlite-statement-cache.js";

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

/**
 * The app's SQLite factory: each connection reuses its prepared statements
 * and commits in groups (see sqlite-statement-cache.ts, sqlite-group-commit.ts).
 */
export function sqliteAppFactory(url: string): PrismaBetterSqlite3 {
  const factory = sqliteFactory(url);
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    cacheStatements((adapter as unknown as { client: Parameters<typeof cacheStatements>[0] }).client);
    const file = sqlitePath(url);
    return withGroupCommit(adapter, file === ":memory:" ? file : path.resolve(file)) as typeof adapter;
  };
  return factory;
}

/** A SQL error (a unique violation) keeps its connection in the pool: see pg-pool.ts. */
export function pgFactory(url: string): PrismaPg {
  return new PrismaPg(new StatementSafePool({ connectionString: url }), { disposeExternalPool: true });
}

/** PostgreSQL catalog types the schema engine reads but adapter-pg 7.10 cannot map ("char", OID 18). */
const CATALOG_TEXT_OIDS = new Set([18]);
const TEXT_OID = 25;

type PgResult = { fields: { dataTypeID: number }[] };
type PerformIO = (query: unknown, ...rest: unknown[]) => Promise<PgResult>;

type Disposable = { dispose(): Promise<void> };

export type MigrationAdapter = {
  provider: Provider;
  factory: SqlMigrationAwareDriverAdapterFactory;
  /** Closes every connection the engine opened (it does not close them itself). */
  dispose(): Promise<void>;
};

/**
 * The factory the schema engine migrates through. It remembers each
 * connection so they can be closed afterwards: the engine leaves them open,
 * and an open SQLite connection blocks switching the file to WAL. On
 * PostgreSQL, columns of catalog type "char" are read as text: adapter-pg
 * otherwise throws on them when the engine introspects.
 */
export function migrationAdapterFactory(url: string): MigrationAdapter {
  const provider = providerOf(url);
  const base = provider === "sqlite" ? sqliteFactory(url) : pgFactory(url);
  const opened: Disposable[] = [];
  const connect = base.connect.bind(base);
  const shadow = base.connectToShadowDb.bind(base);
  const track = async <A extends object>(adapter: A): Promise<A> => {
    opened.push(adapter as unknown as Disposable);
    if (provider === "postgresql") readCatalogCharAsText(adapter);
    return adapter;
  };
  base.connect = (async () => track(await connect())) as typeof base.connect;
  base.connectToShadowDb = (async () => track(await shadow())) as typeof base.connectToShadowDb;
  return {
    provider,
    factory: base as unknown as SqlMigrationAwareDriverAdapterFactory,
    async dispose() {
      await Promise.all(opened.splice(0).map((a) => a.dispose().catch(() => undefined)));
    },
  };
}

function readCatalogCharAsText(adapter: object): void {
  const io = adapter as unknown as { performIO: PerformIO };
  const perform = io.performIO.bind(adapter);
  io.performIO = async (query, ...rest) => {
    const result = await perform(query, ...rest);
    for (const f of result.fields) if (CATALOG_TEXT_OIDS.has(f.dataTypeID)) f.dataTypeID = TEXT_OID;
    return result;
  };
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
