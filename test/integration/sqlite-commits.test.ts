/**
 * The embedded database's connection wrapper (src/db/sqlite-group-commit.ts,
 * sqlite-statement-cache.ts): writes committed in groups, each acknowledged
 * only once durable; interactive transactions isolated from everything else.
 * SQLite only — PostgreSQL has a pool of real connections.
 */
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqlitePath } from "../../src/db/adapters.js";
import { openDatabase } from "../../src/db/client.js";
import { freshDatabase, type TestDatabase, testProvider } from "../support/db.js";

const sqlite = testProvider() === "sqlite";
let t: TestDatabase;
beforeAll(async () => {
  if (sqlite) t = await freshDatabase();
});
afterAll(async () => {
  if (sqlite) await t.drop();
});

const row = (key: string) => ({ key, fromUser: "u", status: "processing", leaseUntil: new Date(), receivedAt: new Date() });

describe.runIf(sqlite)("SQLite commits", () => {
  it("commits concurrent writes together and tells each writer only once they are on disk", async () => {
    const commits: string[] = [];
    const keys = Array.from({ length: 40 }, (_, i) => `group-${i}`);
    const spy = new Database(sqlitePath(t.url), { readonly: true });
    try {
      const writes = keys.map((k) =>
        t.prisma.inboundDedupe.create({ data: row(k) }).then(() => {
          // When a writer hears back, another connection already sees the row.
          commits.push(spy.prepare("SELECT count(*) AS n FROM InboundDedupe WHERE key = ?").get(k) ? k : "");
        }),
      );
      await Promise.all(writes);
    } finally {
      spy.close();
    }
    expect(commits).toEqual(keys);
    expect(await t.prisma.inboundDedupe.count({ where: { key: { startsWith: "group-" } } })).toBe(40);
  });

  it("fails only the write that broke a constraint, not the others of its group", async () => {
    await t.prisma.inboundDedupe.create({ data: row("taken") });
    const results = await Promise.allSettled([
      t.prisma.inboundDedupe.create({ data: row("fresh-1") }),
      t.prisma.inboundDedupe.create({ data: row("taken") }),
      t.prisma.inboundDedupe.create({ data: row("fresh-2") }),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(await t.prisma.inboundDedupe.count({ where: { key: { in: ["fresh-1", "fresh-2"] } } })).toBe(2);
  });

  it("keeps a write made beside an interactive transaction when that transaction rolls back", async () => {
    let besideAcknowledged = false;
    let beside: Promise<unknown> | undefined;
    const tx = t.prisma
      .$transaction(async (q) => {
        await q.inboundDedupe.create({ data: row("rolled-back") });
        // Another request writes while this transaction is open; give it every chance to finish first.
        beside = t.prisma.inboundDedupe.create({ data: row("beside") }).then(() => {
          besideAcknowledged = true;
        });
        for (let i = 0; i < 20 && !besideAcknowledged; i++) await new Promise((r) => setTimeout(r, 10));
        throw new Error("give up");
      })
      .catch((e: Error) => e.message);
    expect(await tx).toBe("give up");
    await beside;
    expect(besideAcknowledged).toBe(true);
    const keys = (await t.prisma.inboundDedupe.findMany({ where: { key: { in: ["rolled-back", "beside"] } } })).map((r) => r.key);
    expect(keys).toEqual(["beside"]);
  });

  it("lets two clients of one process write the same file at once without locking each other out", async () => {
    const other = await openDatabase(t.url);
    try {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? other.prisma : t.prisma).inboundDedupe.create({ data: row(`two-clients-${i}`) })),
      );
      expect(await other.prisma.inboundDedupe.count({ where: { key: { startsWith: "two-clients-" } } })).toBe(20);
    } finally {
      await other.close();
    }
  });

  it("reuses prepared statements and still binds each call's own values", async () => {
    for (let i = 0; i < 300; i++) await t.prisma.inboundDedupe.create({ data: row(`reuse-${i}`) });
    const found = await Promise.all([7, 150, 299].map((i) => t.prisma.inboundDedupe.findUnique({ where: { key: `reuse-${i}` } })));
    expect(found.map((f) => f?.key)).toEqual(["reuse-7", "reuse-150", "reuse-299"]);
  });
});
