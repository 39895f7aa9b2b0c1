/**
 * A processed message is never processed again: WeCom's late copies and
 * replays of a captured request inside the timestamp window are answered
 * with the recorded reply, and change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import { newMsgId } from "../../src/sim/callback-sender.js";
import { Chat } from "../support/chat.js";
import { type Harness, wecomHarness } from "../support/wecom-harness.js";

const clock = new ManualClock("2022-03-08T02:00:00Z");
let h: Harness;
beforeAll(async () => {
  h = await wecomHarness({ clock });
});
afterAll(async () => {
  await h.close();
});

const stateOf = (userid: string) => h.db.prisma.conversation.findFirstOrThrow({ where: { person: { useridKey: userid } } });

describe("replays and late copies of processed messages", () => {
  it("answers a form answer replayed 4 s, 1 min and 9 min later with the recorded reply, and never applies it to the question open now", async () => {
    const p = new Chat(h, "t_p1");
    await p.say("安全检查");
    const captured = h.sender.seal(h.sender.textXml("t_p1", "是", newMsgId())); // 生命通道: 是
    const first = h.sender.openPassive((await h.sender.post(captured.query, captured.body)).text).passive;
    expect(first).toContain("【第2项");
    expect(await p.say("否")).toContain("【第3项"); // 微型消防站: 否 — now at question 3
    const before = await stateOf("t_p1");
    for (const later of [4_000, 56_000, 480_000]) {
      clock.advance(later);
      const copy = await h.sender.post(captured.query, captured.body);
      expect(copy.status).toBe(200);
      expect(h.sender.openPassive(copy.text).passive).toBe(first);
    }
    const after = await stateOf("t_p1");
    expect(after.version).toBe(before.version);
    expect(after.state).toEqual(before.state);
    expect(await p.say("取消")).toContain("已取消");
  });

  it("pushes an admin's 摘要 测试 once however often the request is replayed", async () => {
    const a = new Chat(h, "T_Admin");
    await a.say("群 绑定 安全群 abcdefgh1234 安全");
    expect(await a.say("摘要 新增 日报 每天 17:30 安全群")).toContain("确认");
    const saved = await a.say("确认");
    const id = /#?(\d+)/.exec(saved.slice(saved.indexOf("编号")))?.[1] ?? "1";
    const before = await h.db.prisma.outbox.count();
    const captured = h.sender.seal(h.sender.textXml("T_Admin", `摘要 测试 ${id}`, newMsgId()));
    expect((await h.sender.post(captured.query, captured.body)).status).toBe(200);
    const once = await h.db.prisma.outbox.count();
    expect(once).toBeGreaterThan(before);
    for (const later of [1_000, 5_000, 60_000, 240_000]) {
      clock.advance(later);
      expect((await h.sender.post(captured.query, captured.body)).status).toBe(200);
    }
    expect(await h.db.prisma.outbox.count()).toBe(once);
    expect(await h.db.prisma.auditLog.count({ where: { action: { endsWith: ".test" } } })).toBe(1);
  });

  it("refuses a replay once its timestamp is older than 10 minutes", async () => {
    const captured = h.sender.seal(h.sender.textXml("t_p1", "帮助", newMsgId()));
    expect((await h.sender.post(captured.query, captured.body)).status).toBe(200);
    clock.advance(11 * 60_000);
    expect((await h.sender.post(captured.query, captured.body)).status).toBe(401);
  });
});
