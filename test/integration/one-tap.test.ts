/**
 * One-tap reporting, typed: `安全检查 无异常` (the all-clear) and `<报表> 同上期` prefill the form from the
 * unit's last report, show the summary, and submit on 确认 — every rule still checked, open hazards still open.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import { Chat } from "../support/chat.js";
import { type Harness, wecomHarness } from "../support/wecom-harness.js";

const clock = new ManualClock("2022-03-09T02:00:00Z"); // Wednesday of 2022-W10; February's 课后服务 is open
let h: Harness;
beforeAll(async () => {
  h = await wecomHarness({ clock, wecom: { identityTtlMs: 0 } });
});
afterAll(async () => {
  await h.close();
});

const data = async (kind: string, code: string, period: string) =>
  (await h.db.prisma.report.findFirst({ where: { kind, period, unit: { code } } }))?.data as Record<string, unknown> | undefined;

// 生命通道 是, 微型消防站 否, 高层 不适用, 校车 不适用, 无食堂, 100%, 100%, one hazard (走廊灯, 用电, 一般, 3月20日, 张三, no photo), no note.
const SAFETY_WITH_HAZARD = ["是", "否", "3", "3", "3", "100", "100", "1", "走廊灯坏了", "2", "1", "2022-03-20", "张三", "跳过", "跳过"];
const AFTERSCHOOL = ["600", "540", "45", "5", "17:30", "12", "是", "150", "否", "跳过"];

describe("安全检查 无异常", () => {
  it("asks only the facts and coverage it cannot carry when the unit has no earlier report, and stores every item normal", async () => {
    const p = new Chat(h, "t_p1");
    const first = await p.say("安全检查无异常");
    expect(first).toContain("已按“各项检查正常、未发现新隐患”预填");
    expect(first).toContain("没有上期记录可沿用");
    expect(first).toContain("微型消防站");
    expect(await p.script("是", "1", "3", "1", "98", "96")).toContain("请核对");
    expect(await p.say("确认")).toContain("✅ 已提交");
    expect(await data("safety", "T-S1", "2022-W10")).toMatchObject({
      lifePassage: true,
      stationBuilt: true,
      stationEquipment: true,
      stationOnDuty: true,
      highRise: "符合要求",
      schoolBus: "不适用",
      canteenFood: "正常",
      canteenGasPower: true,
      canteenTraining: true,
      platformClasses: 98,
      platformStudents: 96,
      hazardCount: 0,
    });
  });

  it("is one message and 确认 the week after, carrying last week's facts and coverage, and still lists the open hazards", async () => {
    const p = new Chat(h, "t_p2");
    await p.say("安全检查");
    await p.script(...SAFETY_WITH_HAZARD);
    expect(await p.say("确认")).toContain("登记隐患 1 处");
    clock.set("2022-03-16T02:00:00Z"); // 2022-W11
    const summary = await p.say("安全 无异常");
    expect(summary).toContain("设施情况和覆盖率沿用2022年第10周");
    expect(summary).toContain("仍有未整改的隐患 1 处");
    expect(summary).toContain("走廊灯坏了");
    expect(summary).toContain("请核对");
    expect(summary).not.toContain("还需回答");
    const done = await p.say("确认");
    expect(done).toContain("✅ 已提交");
    expect(done).toContain("本次未发现隐患");
    expect(await data("safety", "T-K1", "2022-W11")).toMatchObject({
      lifePassage: true,
      stationBuilt: false,
      highRise: "不适用",
      schoolBus: "不适用",
      canteenFood: "无食堂",
      platformClasses: 100,
      platformStudents: 100,
      hazardCount: 0,
    });
    expect(await h.db.prisma.hazard.count({ where: { unit: { code: "T-K1" }, status: "open" } })).toBe(1);
    // A second all-clear for the same week says who already reported.
    expect(await p.say("安全检查 无异常")).toContain("已由测试园长乙于");
  });
});

describe("<报表> 同上期", () => {
  it("prefills 课后服务 from last month, refuses 改 N that breaks participants ≤ enrolment, and submits on 确认", async () => {
    clock.set("2022-03-03T02:00:00Z"); // February's is open until 5 March
    const p = new Chat(h, "t_r1");
    await p.say("课后服务");
    await p.script(...AFTERSCHOOL);
    expect(await p.say("确认")).toContain("✅ 已提交");
    clock.set("2022-04-02T02:00:00Z"); // March's is open until 5 April
    const summary = await p.say("课后 同上期");
    expect(summary).toContain("已按2022年2月");
    expect(summary).toContain("请核对");
    expect(summary).toContain("540人");
    expect(await p.say("改 2")).toContain("参加");
    const refused = await p.say("700");
    expect(refused).toContain("600");
    expect(refused).not.toContain("请核对");
    expect(await p.say("550")).toContain("请核对");
    expect(await p.say("确认")).toContain("✅ 已提交");
    const feb = await data("afterschool", "T-S1", "2022-02");
    expect(await data("afterschool", "T-S1", "2022-03")).toEqual({ ...feb, participants: 550 });
  });

  it("starts the ordinary form when there is no earlier report to carry", async () => {
    clock.set("2022-03-16T02:00:00Z");
    const p = new Chat(h, "t_p1");
    await p.say("取消");
    const r = await p.say("安全检查 同上期 2022-W09");
    expect(r).toContain("还没有上期的安全检查记录可以沿用");
    expect(r).toContain("生命通道");
    await p.say("取消");
  });
});

describe("the school's facts", () => {
  it("are asked once and kept: the next week's form, typed or one-tap, does not ask about the 微型消防站, high-rise, bus or canteen again", async () => {
    clock.set("2022-03-09T02:00:00Z");
    const r = new Chat(h, "t_r1"); // T-S1 reported its facts in 2022-W10 (the first test)
    const s1 = await h.db.prisma.unit.findUniqueOrThrow({ where: { code: "T-S1" } });
    const facts = await h.db.prisma.unitFact.findMany({ where: { unitId: s1.id }, orderBy: { fact: "asc" } });
    expect(Object.fromEntries(facts.map((f) => [f.fact, `${f.value} ${f.source}`]))).toEqual({
      校车: "false 2022年第10周安全检查",
      微型消防站: "true 2022年第10周安全检查",
      食堂: "true 2022年第10周安全检查",
      高层建筑: "true 2022年第10周安全检查",
    });
    clock.set("2022-03-23T02:00:00Z"); // 2022-W12: a week was skipped; the facts stay
    const asked: string[] = [];
    asked.push(await r.say("安全检查"));
    for (const a of ["是", "是", "是", "1", "1", "是", "是", "100", "100", "0"]) asked.push(await r.say(a));
    const all = asked.join("\n");
    expect(all).not.toContain("微型消防站是否已建成");
    expect(all).not.toContain("校车情况");
    expect(all).toContain("高层建筑消防"); // it has a high-rise: checked every week
    const review = await r.say("跳过");
    expect(review).toContain("请核对");
    expect(review).toContain("微型消防站已建成：是");
    expect(review).toContain("校车（车辆、驾驶员、随车照管员）：不适用");
    await r.say("取消");
  });
});
