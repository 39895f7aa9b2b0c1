/**
 * A fresh, migrated database of the project's provider for one test file:
 * a copy of the template. Closed and removed by the returned `drop`.
 */
import { randomUUID } from "node:crypto";
import { copyFileSync, rmSync } from "node:fs";
import pg from "pg";
import { inject } from "vitest";
import { sqlitePath } from "../../src/db/adapters.js";
import { type Database, openDatabase } from "../../src/db/client.js";
import { type Provider, providerOf } from "../../src/db/providers.js";

export type TestDatabase = Database & { url: string; drop(): Promise<void> };

export const testProvider = (): Provider => (process.env.TEST_DB_PROVIDER === "postgresql" ? "postgresql" : "sqlite");

type Disposable = { url: string; remove(): Promise<void> };

/** A database with no tables at all, of the project's provider. */
export async function emptyDatabaseUrl(): Promise<Disposable> {
  return freshDatabaseUrl({ empty: true });
}

/** A new migrated database URL (a copy of the template; no client opened). */
export async function freshDatabaseUrl(opts: { empty?: boolean } = {}): Promise<Disposable> {
  const template = inject("templateUrl");
  const runId = inject("runId");
  if (providerOf(template) === "sqlite") {
    const file = sqlitePath(template).replace(/template\.db$/, `${randomUUID()}.db`);
    if (!opts.empty) copyFileSync(sqlitePath(template), file);
    return {
      url: `file:${file}`,
      async remove() {
        for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
      },
    };
  }
  const server = process.env.TEST_PG_URL as string;
  const templateName = new URL(template).pathname.slice(1);
  const name = `webot_${randomUUID().slice(0, 8)}_${runId}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    // Concurrent clones of one template can briefly collide: retry.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(opts.empty ? `CREATE DATABASE "${name}"` : `CREATE DATABASE "${name}" TEMPLATE "${templateName}"`);
        break;
      } catch (err) {
        if (attempt >= 20 || !/being accessed by other users/.test(String(err))) throw err;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async remove() {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

export async function freshDatabase(): Promise<TestDatabase> {
  const { url, remove } = await freshDatabaseUrl();
  const db = await openDatabase(url);
  return Object.assign(db, {
    url,
    async drop() {
      await db.close();
      await remove();
    },
  });
}
