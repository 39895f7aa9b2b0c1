/**
 * Retention: once a day (03:20) the scheduler prunes dedupe records, delivered
 * outbox rows and long-expired form states past their configured ages —
 * never reports, revisions, hazards or the audit log.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import { Chat } from "../support/chat.js";
import { type Harness, wecomHarness } from "../support/wecom-harness.js";

const clock = new ManualClock("2026-03-03T02:00:00Z"); // Tuesday 10:00 in Liyang
let h: Harness;
beforeAll(async () => {
  h = await wecomHarness({ clock });
  await h.worker.stop();
});
afterAll(async () => {
  await h.close();
});

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(clock.now().getTime() - n * DAY);

it("prunes dedupe records, delivered outbox rows and expired forms past their ages at 03:20, and keeps every report, revision, hazard and audit entry", async () => {
  // A submitted safety inspection with a hazard: a report, a revision, a hazard, audit entries.
  const p = new Chat(h, "t_p1");
  await p.say("安全检查");
  await p.script("是", "否", "3", "3", "3", "100", "100", "1", "灭火器过期", "1", "1", "下周五", "王老师", "跳过", "跳过");
  expect(await p.say("确认")).toContain("✅ 已提交");
  const kept = async () => ({
    reports: await h.db.prisma.report.count(),
    revisions: await h.db.prisma.reportRevision.count(),
    hazards: await h.db.prisma.hazard.count(),
    audit: await h.db.prisma.auditLog.count(),
  });
  const before = await kept();
  expect(before.hazards).toBe(1);

  const db = h.db.prisma;
  await db.inboundDedupe.createMany({
    data: [
      { key: "old-1", fromUser: "u", status: "done", leaseUntil: daysAgo(40), receivedAt: daysAgo(40) },
      { key: "recent-1", fromUser: "u", status: "done", leaseUntil: daysAgo(3), receivedAt: daysAgo(3) },
    ],
  });
  const row = (key: string, status: string, sentAt: Date | null) => ({
    channel: "app",
    target: "t_p1",
    payload: { msgtype: "text", content: key },
    dedupeKey: key,
    status,
    notBefore: daysAgo(100),
    sentAt,
  });
  await db.outbox.createMany({
    data: [row("sent-old", "sent", daysAgo(100)), row("sent-recent", "sent", daysAgo(10)), row("failed-old", "failed", null)],
  });
  const person = await db.person.findUniqueOrThrow({ where: { useridKey: "t_r1" } });
  await db.conversation.create({ data: { personId: person.id, state: "{}", expiresAt: daysAgo(30) } });
  const dedupeBefore = await db.inboundDedupe.count();

  // The next 03:20 in Liyang is tomorrow 19:20 UTC; the scheduler fires the pruning then.
  clock.set("2026-03-03T19:21:00Z");
  await h.scheduler.tick();

  expect(await db.inboundDedupe.findUnique({ where: { key: "old-1" } })).toBeNull();
  expect(await db.inboundDedupe.findUnique({ where: { key: "recent-1" } })).not.toBeNull();
  expect(await db.inboundDedupe.count()).toBe(dedupeBefore - 1);
  expect((await db.outbox.findMany({ orderBy: { dedupeKey: "asc" } })).map((r) => r.dedupeKey)).toEqual(["failed-old", "sent-recent"]);
  expect(await db.conversation.count({ where: { personId: person.id } })).toBe(0);
  expect(await kept()).toEqual(before);
  expect(await db.firing.count({ where: { job: "retention", outcome: "fired" } })).toBe(1);
});
