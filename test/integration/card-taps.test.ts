/**
 * One-tap reporting through WeCom's own path: a reminder card, its buttons tapped (template_card_event through
 * the encrypted callback), the summary card's 确认 — each tapped card updated once with its tap's response code.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import { Chat } from "../support/chat.js";
import { eventually, type Harness, wecomHarness } from "../support/wecom-harness.js";

const clock = new ManualClock("2022-03-02T02:00:00Z"); // Wednesday of 2022-W09
let h: Harness;
beforeAll(async () => {
  h = await wecomHarness({ clock, wecom: { identityTtlMs: 0 } });
});
afterAll(async () => {
  await h.close();
});

// 生命通道 是, 微型消防站 否, 高层 不适用, 校车 不适用, 无食堂, 100%, 100%, no hazard, no note.
const SAFETY = ["是", "否", "3", "3", "3", "100", "100", "0", "跳过"];
const report = (code: string, period: string) => h.db.prisma.report.findFirst({ where: { kind: "safety", period, unit: { code } } });
const updatesOf = (taskId: string) => h.fake.cards.updates.filter((u) => u.taskId === taskId);

async function remind(kind: string): Promise<void> {
  const r = await h.db.prisma.reminder.create({
    data: { kind, phrase: "每周三 08:30", rule: { type: "weekly", weekday: 3, hour: 8, minute: 30 }, createdBy: "test" },
  });
  await h.scheduler.fireNow("reminder", r.id);
}

describe("reporting a normal week from the reminder card", () => {
  it("takes two taps — 本周无异常 on the reminder, 确认提交 on the summary — stores what typing would, and updates each card once", async () => {
    const typed = new Chat(h, "t_p2");
    await typed.say("安全检查");
    await typed.script(...SAFETY);
    expect(await typed.say("确认")).toContain("✅ 已提交");
    const p = new Chat(h, "t_p1");
    await p.say("安全检查");
    await p.script(...SAFETY);
    expect(await p.say("确认")).toContain("✅ 已提交");

    clock.set("2022-03-09T00:30:00Z"); // Wednesday 08:30 of 2022-W10
    await remind("safety");
    await eventually(() => !!p.lastCard("安全检查 无异常 2022-W10"));
    const reminder = p.lastCard("安全检查 无异常 2022-W10");
    expect(reminder?.buttons.map((b) => b.text)).toEqual(["本周无异常，一键上报", "开始填报"]);
    expect(reminder?.to).toEqual(expect.arrayContaining(["t_p1", "t_r1"]));

    const summary = await p.tap("安全检查 无异常 2022-W10");
    expect(summary).toContain("请核对");
    expect(summary).toContain("沿用2022年第9周");
    const confirmCard = p.lastCard("确认");
    expect(confirmCard?.buttons.map((b) => b.text)).toEqual(["确认提交", "取消"]);
    expect(await p.tap("确认")).toContain("✅ 已提交");

    await eventually(() => updatesOf(confirmCard?.taskId ?? "").length === 1);
    expect(updatesOf(reminder?.taskId ?? "")).toEqual([
      expect.objectContaining({ userids: ["t_p1"], replaceName: "填报中：已预填无异常，请核对后确认" }),
    ]);
    expect(updatesOf(confirmCard?.taskId ?? "")[0]?.replaceName).toBe("✅ 已于 3月9日 08:30 提交");
    // Tapped: the same answers as typed (the unit's facts carried from its last week).
    expect((await report("T-S1", "2022-W10"))?.data).toEqual((await report("T-S1", "2022-W09"))?.data);
    expect(await p.say("我的")).toContain("2022年第10周（3月7日—3月13日）安全检查：已由测试校长甲于3月9日 08:30提交");
    expect(await new Chat(h, "T_Admin").say("汇总 安全检查")).toContain("已填报 **1/2**");
  });

  it("a colleague's tap on the same reminder, once the week is in, changes nothing and says who reported", async () => {
    const r = new Chat(h, "t_r1");
    const before = await report("T-S1", "2022-W10");
    expect(await r.tap("安全检查 无异常 2022-W10")).toContain("已由测试校长甲于");
    const after = await report("T-S1", "2022-W10");
    expect(after?.revision ?? after?.id).toBe(before?.revision ?? before?.id);
    expect(after?.submittedAt).toEqual(before?.submittedAt);
    const reminder = r.lastCard("安全检查 无异常 2022-W10");
    await eventually(() => reminder?.replacedFor.get("t_r1") !== undefined);
    expect(reminder?.replacedFor.get("t_r1")).toBe("已由测试校长甲于 3月9日 08:30 提交");
    // The card is greyed for them now: it cannot be tapped again.
    await expect(r.tap("安全检查 无异常 2022-W10")).rejects.toThrow(/greyed/);
  });
});

describe("课后服务 from the reminder card", () => {
  it("offers 与上月相同 only to a unit with a last month, and reports in two taps", async () => {
    clock.set("2022-03-03T00:30:00Z"); // February's is open until 5 March
    await remind("afterschool");
    const p = new Chat(h, "t_p1");
    await eventually(() => !!p.lastCard("课后服务 2022-02"));
    expect(p.lastCard("课后服务 2022-02")?.buttons.map((b) => b.text)).toEqual(["开始填报"]);
    await p.tap("课后服务 2022-02");
    await p.script("600", "540", "45", "5", "17:30", "12", "是", "150", "否", "跳过");
    expect(await p.say("确认")).toContain("✅ 已提交");

    clock.set("2022-04-01T00:30:00Z"); // March's is open until 5 April
    await remind("afterschool");
    await eventually(() => !!p.lastCard("课后服务 同上期 2022-03"));
    expect(p.lastCard("课后服务 同上期 2022-03")?.buttons.map((b) => b.text)).toEqual(["与上月相同", "开始填报"]);
    const seen = h.fake.deliveriesTo("t_p1").length;
    expect(await p.tap("课后服务 同上期 2022-03")).toContain("已按2022年2月");
    expect(await p.tap("确认")).toContain("✅ 已提交");
    const feb = await h.db.prisma.report.findFirst({ where: { kind: "afterschool", period: "2022-02" } });
    const mar = await h.db.prisma.report.findFirst({ where: { kind: "afterschool", period: "2022-03" } });
    expect(mar?.data).toEqual(feb?.data);
    // What the two taps brought, in order: the reminder greyed, a line and the summary's card; that card greyed, the receipt.
    const sent = h.fake.deliveriesTo("t_p1").slice(seen);
    expect(sent.map((d) => d.msgtype)).toEqual(["update_template_card", "text", "template_card", "update_template_card", "text"]);
  });
});

describe("buttons inside forms", () => {
  it("answers yes/no and choice questions with buttons once the person taps, updates each answered card, and keeps typed answers working", async () => {
    clock.set("2022-03-16T00:30:00Z"); // 2022-W11
    // A school the bot knows has a high-rise and a school bus (its facts), so both are checked this week.
    const k1 = await h.db.prisma.unit.findUniqueOrThrow({ where: { code: "T-K1" } });
    for (const fact of ["高层建筑", "校车"])
      await h.db.prisma.unitFact.update({ where: { unitId_fact: { unitId: k1.id, fact } }, data: { value: "true" } });
    await remind("safety");
    const p = new Chat(h, "t_p2");
    await eventually(() => !!p.lastCard("安全检查 2022-W11"));
    const first = await p.tap("安全检查 2022-W11");
    expect(first).toContain("生命通道");
    const q1 = p.lastCard("是");
    expect(q1?.buttons.map((b) => b.key)).toEqual(["是", "否"]);
    // 是; the 微型消防站 (a fact: none) is not asked again.
    await p.tap("是", q1?.taskId);
    const highRise = p.lastCard("不适用");
    expect(highRise?.buttons.map((b) => b.key)).toEqual(["符合要求", "存在问题", "不适用"]);
    await p.tap("不适用");
    // Typing still works anywhere: the school bus question, asked on a card, answered by typing.
    const bus = p.lastCard("不适用");
    expect(bus?.title).toContain("校车");
    expect(await p.say("3")).toContain("班级覆盖率");
    // A tap on that card afterwards is not an answer to the question now asked: it is refused, the question shown again.
    const stale = await p.tap("正常", bus?.taskId);
    expect(stale).toContain("这张卡片已经过期");
    expect(stale).toContain("班级覆盖率");
    expect(h.fake.cards.sent.get(bus?.taskId ?? "")?.replacedFor.get("t_p2")).toBe("已过期");
    expect(
      JSON.parse((await h.db.prisma.conversation.findFirst({ where: { person: { userid: "t_p2" } } }))?.state ?? "null"),
    ).toMatchObject({
      answers: { schoolBus: "不适用" },
    });
    await eventually(() => updatesOf(q1?.taskId ?? "").length === 1);
    expect(updatesOf(q1?.taskId ?? "")[0]?.replaceName).toBe("已选：是");
    await p.script("100", "100", "0", "跳过");
    expect(await p.say("确认")).toContain("✅ 已提交");
    // Tapped or typed, the same report: this week's equals last week's, typed in full (the same answers).
    expect((await report("T-K1", "2022-W11"))?.data).toEqual((await report("T-K1", "2022-W09"))?.data);
  });
});
