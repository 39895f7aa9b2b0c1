/**
 * WeCom down for two minutes (of the injected clock) while reminders and
 * digests go out: 5xx answers, timeouts, 45009 and invalid tokens. After it
 * recovers, every message arrives exactly once.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import { OutboxWorker } from "../../src/outbox/worker.js";
import { WeComApi } from "../../src/wecom/api.js";
import { WeComAppTransport } from "../../src/wecom/transport.js";
import { Chat } from "../support/chat.js";
import { type Harness, TEST_CORP, wecomHarness } from "../support/wecom-harness.js";

const clock = new ManualClock("2026-09-29T01:00:00Z"); // Tuesday 09:00 in Liyang
let h: Harness;
beforeAll(async () => {
  h = await wecomHarness({ clock });
  await h.worker.stop(); // this test drives its own worker
  await new Chat(h, "T_Admin").say("群 绑定 安全群 robot-key-1 安全");
});
afterAll(async () => {
  await h.close();
});

it("delivers every reminder and digest exactly once after two minutes of 5xx, timeouts, 45009 and invalid tokens", async () => {
  const group = await h.db.prisma.groupChat.findUniqueOrThrow({ where: { name: "安全群" } });
  const personal = await h.db.prisma.reminder.create({
    data: { kind: "safety", phrase: "每天 10:00", rule: { type: "daily", hour: 10, minute: 0 }, audience: "missing", createdBy: "test" },
  });
  const inGroup = await h.db.prisma.reminder.create({
    data: {
      kind: "safety",
      phrase: "每天 10:00",
      rule: { type: "daily", hour: 10, minute: 0 },
      audience: "group",
      groupId: group.id,
      createdBy: "test",
    },
  });
  const digest = await h.db.prisma.digest.create({
    data: { content: "weekly", phrase: "每天 10:00", rule: { type: "daily", hour: 10, minute: 0 }, groupId: group.id, createdBy: "test" },
  });

  // A short API timeout so that a delayed answer is a timeout in real time.
  const api = new WeComApi({
    baseUrl: h.fakeUrl,
    corpId: TEST_CORP.corpId,
    secret: TEST_CORP.secret,
    agentId: TEST_CORP.agentId,
    clock,
    backoffMs: 1,
    timeoutMs: 150,
  });
  const worker = new OutboxWorker({ db: h.db.prisma, transport: new WeComAppTransport(api), clock, maxAttempts: 10, owner: "outage" });
  h.fake.fail({ path: "/cgi-bin/message/send", status: 502 });
  h.fake.fail({ path: "/cgi-bin/webhook/send", errcode: 45009 });
  await h.scheduler.fireNow("reminder", personal.id);
  await h.scheduler.fireNow("reminder", inGroup.id);
  await h.scheduler.fireNow("digest", digest.id);
  const rows = await h.db.prisma.outbox.findMany();
  expect(rows.length).toBeGreaterThanOrEqual(3);

  const outageEnds = clock.now().getTime() + 120_000;
  const kinds = [
    () => {
      h.fake.fail({ path: "/cgi-bin/message/send", status: 502 });
      h.fake.fail({ path: "/cgi-bin/webhook/send", status: 503 });
    },
    () => {
      h.fake.fail({ path: "/cgi-bin/message/send", delayMs: 400 });
      h.fake.fail({ path: "/cgi-bin/webhook/send", delayMs: 400 });
    },
    () => {
      h.fake.fail({ path: "/cgi-bin/message/send", errcode: 45009 });
      h.fake.fail({ path: "/cgi-bin/webhook/send", errcode: 45009 });
    },
    () => {
      h.fake.invalidateTokens();
      h.fake.fail({ path: "/cgi-bin/message/send", errcode: 40014 });
      h.fake.fail({ path: "/cgi-bin/webhook/send", status: 500 });
    },
  ];
  for (let i = 0; clock.now().getTime() < outageEnds; i++) {
    h.fake.clearFailures();
    kinds[i % kinds.length]?.();
    await worker.drain();
    clock.advance(10_000);
  }
  const failedCalls = h.fake.calls.filter((c) => c.path.includes("send")).length;
  expect(h.fake.deliveries).toHaveLength(0);
  expect(failedCalls).toBeGreaterThan(rows.length);

  h.fake.clearFailures();
  for (let i = 0; i < 12 && (await h.db.prisma.outbox.count({ where: { status: { not: "sent" } } })) > 0; i++) {
    clock.advance(3_600_000);
    await worker.drain();
  }
  const after = await h.db.prisma.outbox.findMany();
  expect(after.map((r) => r.status)).toEqual(after.map(() => "sent"));
  // Exactly once: one delivery per outbox row, none repeated.
  expect(h.fake.deliveries).toHaveLength(after.length);
  const seen = h.fake.deliveries.map((d) => `${d.channel}|${d.to.join(",")}|${d.content}`);
  expect(new Set(seen).size).toBe(seen.length);
  expect(h.fake.deliveries.filter((d) => d.channel === "app").map((d) => d.to.join(","))).toEqual(
    expect.arrayContaining([expect.stringContaining("t_p1")]),
  );
  expect(h.fake.deliveries.some((d) => d.channel === "robot" && d.content.includes("周报"))).toBe(true);
});
