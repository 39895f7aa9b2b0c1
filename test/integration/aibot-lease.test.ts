/**
 * One connection per bot across processes: two connections (as two processes would hold them) over one
 * database — exactly one holds the lease and subscribes; when it dies without a word the other takes over
 * once the lease lapses, and a message is answered once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AibotConnection, type AibotDeps } from "../../src/aibot/connection.js";
import { ChatRateLimit } from "../../src/aibot/rate-limit.js";
import { DeliveryLedger } from "../../src/chat/dedupe.js";
import { text } from "../../src/chat/reply.js";
import { systemClock } from "../../src/clock.js";
import { DbLease } from "../../src/db/lease.js";
import { FakeAibot } from "../../src/sim/fake-aibot.js";
import { freshDatabase, type TestDatabase } from "../support/db.js";
import { memoryLogger } from "../support/log.js";
import { eventually } from "../support/wecom-harness.js";

const BOT = { botId: "bot-lease-1", secret: "y".repeat(40) };
// Renewed every third of it: long enough that a busy machine (two cores, a test run beside another) does not miss a renewal.
const LEASE_MS = 1_500;
let db: TestDatabase;
let fake: FakeAibot;
beforeAll(async () => {
  db = await freshDatabase();
  fake = new FakeAibot(BOT);
});
afterAll(async () => {
  await fake.close();
  await db.drop();
});

/** A connection to the fake over this database, as a process would hold it; `d` what the test sets. */
async function aibotConnection(d: Pick<AibotDeps, "handle"> & Partial<AibotDeps>): Promise<AibotConnection> {
  return new AibotConnection({
    ...BOT,
    wsUrl: await fake.url(),
    ledger: new DeliveryLedger(db.prisma),
    clock: systemClock,
    logger: memoryLogger().logger,
    ...d,
  });
}

async function connection(): Promise<{ c: AibotConnection; lease: DbLease }> {
  const lease = new DbLease(db.prisma, `aibot:${BOT.botId}`, LEASE_MS, systemClock);
  const c = await aibotConnection({
    handle: async (e) => [text(`收到：${e.kind === "text" ? e.text : ""}`)],
    lease,
  });
  return { c, lease };
}

const subscribes = () => fake.received.filter((f) => f.cmd === "aibot_subscribe").length;

describe("the intelligent bot's connection lease", () => {
  it("lets exactly one of two processes hold the connection, and the other take over when it dies", async () => {
    const a = await connection();
    const b = await connection();
    a.c.start();
    b.c.start();
    try {
      await eventually(() => fake.subscribed === 1 && [a.c.state, b.c.state].includes("authenticated"), 10_000);
      // Renewals for a few lease periods: still one holder, no second subscribe, no kicking.
      await new Promise((r) => setTimeout(r, LEASE_MS * 3));
      expect(subscribes()).toBe(1);
      const [holder, other] = a.c.state === "authenticated" ? [a, b] : [b, a];
      expect(other.c.state).toBe("standby");
      expect((await db.prisma.lease.findUniqueOrThrow({ where: { name: `aibot:${BOT.botId}` } })).holder).toBe(holder.lease.holder);

      holder.c.abandon(); // killed: no release, no more renewals
      await eventually(() => other.c.state === "authenticated" && fake.subscribed === 1, 10_000);
      expect((await db.prisma.lease.findUniqueOrThrow({ where: { name: `aibot:${BOT.botId}` } })).holder).toBe(other.lease.holder);
      const frame = fake.text("t_p1", "帮助");
      await eventually(() => fake.repliesTo(frame.headers.req_id).length > 0, 10_000);
      await new Promise((r) => setTimeout(r, 300));
      expect(fake.repliesTo(frame.headers.req_id)).toHaveLength(1);
    } finally {
      await a.c.stop();
      await b.c.stop();
    }
    // A clean stop gives the lease up at once.
    expect(await db.prisma.lease.count()).toBe(0);
  });
});

describe("a connection that goes quiet or is not subscribed yet", () => {
  it("reconnects once when no message arrives for the watchdog's time, and not again until one does", async () => {
    const c = await aibotConnection({
      handle: async () => [text("好的")],
      watchdogMs: 400,
    });
    const before = subscribes();
    c.start();
    try {
      await eventually(() => c.state === "authenticated", 10_000);
      await eventually(() => c.watchdogReconnects === 1 && subscribes() === before + 2, 10_000);
      await new Promise((r) => setTimeout(r, 1_200));
      expect(c.watchdogReconnects).toBe(1); // once, until a frame comes
      await eventually(() => c.state === "authenticated", 10_000);
      const frame = fake.text("t_p1", "帮助");
      await eventually(() => fake.repliesTo(frame.headers.req_id).length > 0, 10_000);
      await eventually(() => c.watchdogReconnects === 2, 10_000); // silent again after that message
    } finally {
      await c.stop();
    }
  });

  it("sends a reply again when WeCom answers 846609 (not subscribed yet), and it arrives once", async () => {
    const c = await aibotConnection({
      handle: async () => [text("收到")],
      retryMs: 50,
    });
    c.start();
    try {
      await eventually(() => c.state === "authenticated", 10_000);
      fake.failNext("aibot_respond_msg", 846609);
      const frame = fake.text("t_p2", "帮助");
      await eventually(() => fake.repliesTo(frame.headers.req_id).some((r) => r.errcode === 0), 10_000);
      expect(fake.repliesTo(frame.headers.req_id).map((r) => r.errcode)).toEqual([846609, 0]);
    } finally {
      await c.stop();
    }
  });

  it("holds a chat's replies to its limits — the third in a window of two waits for the first to leave it — and other chats not at all", async () => {
    const c = await aibotConnection({
      handle: async (e) => [text(`收到：${e.kind === "text" ? e.text : ""}`)],
      limits: new ChatRateLimit([{ max: 2, ms: 1_500 }]),
      inGroup: async () => "answer",
    });
    c.start();
    try {
      await eventually(() => c.state === "authenticated", 10_000);
      const group = { chatid: "wr-group-limits" };
      const t0 = Date.now();
      const frames = [fake.text("t_p1", "汇总", group), fake.text("t_p2", "汇总", group), fake.text("t_p3", "汇总", group)];
      const elsewhere = fake.text("t_p1", "帮助");
      const at = (f: { headers: { req_id: string } }) => fake.repliesTo(f.headers.req_id).find((r) => r.errcode === 0)?.at;
      await eventually(() => frames.every((f) => at(f) !== undefined), 10_000);
      const times = frames.map((f) => (at(f) as number) - t0).sort((x, y) => x - y);
      expect(times[1]).toBeLessThan(1_000);
      expect(times[2]).toBeGreaterThanOrEqual(1_400);
      expect((at(elsewhere) as number) - t0).toBeLessThan(1_000);
      expect(c.limited).toEqual({ delayed: 1, dropped: 0 });
    } finally {
      await c.stop();
    }
  });
});
