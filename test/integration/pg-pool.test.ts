/**
 * PostgreSQL's pooled connections survive a statement the server refuses (a
 * unique violation, as every duplicate WeCom delivery meets), and a connection
 * the server closed is replaced rather than reused.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isUniqueViolation } from "../../src/db/errors.js";
import { freshDatabase, type TestDatabase, testProvider } from "../support/db.js";

describe.runIf(testProvider() === "postgresql")("the PostgreSQL pool", () => {
  let db: TestDatabase;
  const backend = async () => (await db.prisma.$queryRawUnsafe<{ pid: number }[]>("SELECT pg_backend_pid() AS pid"))[0]?.pid;
  const claim = () =>
    db.prisma.inboundDedupe.create({
      data: { key: "same-msgid", fromUser: "u", status: "processing", leaseUntil: new Date(), receivedAt: new Date() },
    });

  beforeAll(async () => {
    db = await freshDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it("keeps the connection after the server refuses a duplicate insert", async () => {
    await claim();
    const before = await backend();
    for (let i = 0; i < 20; i++) {
      const err = await claim().then(
        () => null,
        (e: unknown) => e,
      );
      expect(isUniqueViolation(err)).toBe(true);
    }
    expect(await backend()).toBe(before);
  });

  it("replaces a connection the server terminated, and the next query succeeds", async () => {
    const victim = await backend();
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      await admin.query("SELECT pg_terminate_backend($1)", [victim]);
    } finally {
      await admin.end();
    }
    // The pool hears of the closed socket (or the next query on it fails and it is dropped); a retry then runs on a new one.
    let pid: number | undefined;
    for (let attempt = 0; attempt < 5 && pid === undefined; attempt++) {
      pid = await backend().catch(() => undefined);
    }
    expect(pid).toBeDefined();
    expect(pid).not.toBe(victim);
  });
});
