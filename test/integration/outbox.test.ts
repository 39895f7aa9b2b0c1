import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import { openDatabase } from "../../src/db/client.js";
import { enqueue, type OutboundMessage } from "../../src/outbox/enqueue.js";
import { inQuietHours, releaseTime, spreadTime } from "../../src/outbox/quiet-hours.js";
import { OutboxWorker } from "../../src/outbox/worker.js";
import { localParts } from "../../src/time/zoned.js";
import { WeComAppTransport } from "../../src/wecom/transport.js";
import { type Harness, wecomHarness } from "../support/wecom-harness.js";

const TZ = "Asia/Shanghai";
const QUIET = { start: "21:00", end: "07:30" };
// Tuesday 2022-03-08 10:00:20 in Liyang
const clock = new ManualClock("2022-03-08T02:00:20Z");
let h: Harness;
let robotGroup: number;
beforeAll(async () => {
  h = await wecomHarness({ clock });
  await h.worker.stop(); // these tests drive workers by hand
  robotGroup = (
    await h.db.prisma.groupChat.create({ data: { name: "安全群", purpose: "安全", channel: "robot", robotKey: "robot-key-1" } })
  ).id;
});
afterAll(async () => {
  await h.close();
});

const worker = (owner: string, db = h.db.prisma, maxAttempts = 4) =>
  new OutboxWorker({ db, transport: new WeComAppTransport(h.api), clock, maxAttempts, owner, leaseMs: 60_000 });
type TextMessage = Extract<OutboundMessage, { content: string }>;
const app = (content: string, key: string, to = "t_p1"): TextMessage => ({
  channel: "app",
  target: to,
  msgtype: "text",
  content,
  dedupeKey: key,
});
const now = { quiet: QUIET, tz: TZ };

describe("enqueueing", () => {
  it("is a no-op for a message already enqueued, and splits long content into ordered parts", async () => {
    expect(await enqueue(h.db.prisma, [app("一次", "k1")], { ...now, scheduledFor: clock.now() })).toBe(1);
    expect(await enqueue(h.db.prisma, [app("一次", "k1")], { ...now, scheduledFor: clock.now() })).toBe(0);
    const long = Array.from({ length: 300 }, (_, i) => `第${i}行：测试内容`).join("\n");
    expect(
      await enqueue(h.db.prisma, [{ ...app(long, "k2"), msgtype: "markdown" }], { ...now, scheduledFor: clock.now() }),
    ).toBeGreaterThan(1);
    await worker("w").drain();
    const mine = h.fake.deliveriesTo("t_p1");
    expect(mine[0]?.content).toBe("一次");
    expect(
      mine
        .slice(1)
        .map((d) => d.content)
        .join("\n"),
    ).toBe(long);
  });

  it("holds scheduled messages until quiet hours end, never urgent ones", async () => {
    const ten = new Date("2022-03-08T14:00:00Z"); // 22:00 local
    expect(inQuietHours(ten, QUIET, TZ)).toBe(true);
    expect(releaseTime(ten, QUIET, TZ).toISOString()).toBe("2022-03-08T23:30:00.000Z"); // 07:30 next day
    expect(releaseTime(new Date("2022-03-07T22:00:00Z"), QUIET, TZ).toISOString()).toBe("2022-03-07T23:30:00.000Z"); // 06:00 → 07:30 same day
    expect(releaseTime(clock.now(), QUIET, TZ)).toEqual(clock.now());
    await enqueue(h.db.prisma, [app("夜间提醒", "night")], { ...now, scheduledFor: ten });
    await enqueue(h.db.prisma, [app("夜间回复", "night-reply")], { ...now, scheduledFor: ten, urgent: true });
    const rows = await h.db.prisma.outbox.findMany({
      where: { dedupeKey: { in: ["night", "night-reply"] } },
      orderBy: { dedupeKey: "asc" },
    });
    expect(rows.map((r) => [r.dedupeKey, r.notBefore.toISOString()])).toEqual([
      ["night", "2022-03-08T23:30:00.000Z"],
      ["night-reply", "2022-03-08T14:00:00.000Z"],
    ]);
    await h.db.prisma.outbox.deleteMany({ where: { dedupeKey: { in: ["night", "night-reply"] } } });
  });

  it("spreads a mass send over a few minutes, never at an exact :00 or :30", () => {
    const at = new Date("2022-03-08T01:00:00Z"); // 09:00 local
    const times = Array.from({ length: 100 }, (_, i) => spreadTime(at, i, 100, TZ));
    for (const t of times) {
      expect(localParts(t, TZ).minute % 30).not.toBe(0);
      expect(t.getTime() - at.getTime()).toBeLessThan(5 * 60_000);
    }
  });
});

describe("workers", () => {
  it("two workers on two connections send each of 40 messages exactly once", async () => {
    const before = h.fake.deliveries.length;
    await enqueue(
      h.db.prisma,
      Array.from({ length: 40 }, (_, i) => app(`并发${i}`, `c${i}`, `u${i}`)),
      { ...now, scheduledFor: clock.now() },
    );
    const second = await openDatabase(h.db.url);
    try {
      const [a, b] = await Promise.all([worker("A").drain(), worker("B", second.prisma).drain()]);
      expect(a + b).toBe(40);
    } finally {
      await second.close();
    }
    const sent = h.fake.deliveries.slice(before).map((d) => d.content);
    expect(sent).toHaveLength(40);
    expect(new Set(sent).size).toBe(40);
  });

  it("after a worker dies holding a claim, another sends the message once the lease has passed", async () => {
    const before = h.fake.deliveries.length;
    await enqueue(h.db.prisma, [app("无人认领", "orphan")], { ...now, scheduledFor: clock.now() });
    const dead = worker("dead");
    expect(await dead.claim()).not.toBeNull(); // …and the process is killed here
    expect(await worker("B").drain()).toBe(0);
    clock.advance(61_000);
    expect(await worker("B").drain()).toBe(1);
    expect(h.fake.deliveries.slice(before).map((d) => d.content)).toEqual(["无人认领"]);
  });

  it("a resend after a crash between WeCom's acceptance and the mark is dropped by WeCom's duplicate check", async () => {
    const before = h.fake.deliveries.length;
    await enqueue(h.db.prisma, [app("已送达未标记", "crash-after-send")], { ...now, scheduledFor: clock.now() });
    const dead = worker("dead2");
    expect(await dead.claim()).not.toBeNull();
    await h.api.sendAppMessage(["t_p1"], { msgtype: "text", text: { content: "已送达未标记" } }, { duplicateCheckSeconds: 14_400 }); // it sent, then died
    clock.advance(61_000);
    expect(await worker("B").drain()).toBe(1);
    expect(h.fake.deliveries.slice(before).map((d) => d.content)).toEqual(["已送达未标记"]);
    expect((await h.db.prisma.outbox.findUniqueOrThrow({ where: { dedupeKey: "crash-after-send" } })).status).toBe("sent");
  });

  it("with a robot limited to 20 a minute, 50 group messages all arrive, none twice, in order", async () => {
    const before = h.fake.deliveries.length;
    const msgs = Array.from(
      { length: 50 },
      (_, i): TextMessage => ({
        channel: "robot",
        target: String(robotGroup),
        msgtype: "markdown",
        content: `群消息${i}`,
        dedupeKey: `g${i}`,
      }),
    );
    await enqueue(h.db.prisma, msgs, { ...now, scheduledFor: clock.now() });
    const w = worker("R");
    for (let round = 0; round < 10; round++) {
      await w.drain();
      clock.advance(61_000);
    }
    const got = h.fake.deliveries.slice(before).map((d) => d.content);
    expect(got).toEqual(msgs.map((m) => m.content));
    expect(w.stats.deferred).toBeGreaterThan(0);
  });

  it("retries WeCom's outages and then delivers once; gives up on a removed robot at once", async () => {
    const before = h.fake.deliveries.length;
    await enqueue(h.db.prisma, [app("熬过故障", "outage")], { ...now, scheduledFor: clock.now() });
    h.fake.fail({ path: "/cgi-bin/message/send", status: 502 });
    const w = worker("O", h.db.prisma, 8);
    for (let i = 0; i < 3; i++) {
      await w.drain();
      clock.advance(10 * 60_000);
    }
    expect((await h.db.prisma.outbox.findUniqueOrThrow({ where: { dedupeKey: "outage" } })).status).toBe("pending");
    h.fake.clearFailures();
    clock.advance(3_600_000);
    await w.drain();
    expect(h.fake.deliveries.slice(before).map((d) => d.content)).toEqual(["熬过故障"]);
    const gone = (await h.db.prisma.groupChat.create({ data: { name: "已解散群", channel: "robot", robotKey: "no-such-key" } })).id;
    await enqueue(
      h.db.prisma,
      [{ channel: "robot", target: String(gone), msgtype: "text", content: "发不出去", dedupeKey: "dead-robot" }],
      { ...now, scheduledFor: clock.now() },
    );
    await w.drain();
    const row = await h.db.prisma.outbox.findUniqueOrThrow({ where: { dedupeKey: "dead-robot" } });
    expect([row.status, row.attempts, row.lastError]).toEqual(["failed", 1, expect.stringContaining("93000")]);
    expect(row.lastError).not.toContain("no-such-key");
  });

  it("marks a message failed after OUTBOX_MAX_ATTEMPTS", async () => {
    await enqueue(h.db.prisma, [app("总是失败", "always")], { ...now, scheduledFor: clock.now() });
    h.fake.fail({ path: "/cgi-bin/message/send", errcode: -1 });
    const w = worker("F", h.db.prisma, 3);
    for (let i = 0; i < 5; i++) {
      await w.drain();
      clock.advance(3_600_000);
    }
    h.fake.clearFailures();
    const row = await h.db.prisma.outbox.findUniqueOrThrow({ where: { dedupeKey: "always" } });
    expect([row.status, row.attempts]).toEqual(["failed", 3]);
  });
});
