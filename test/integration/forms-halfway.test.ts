/**
 * Forms that meet people halfway (issue 15, item 6): natural answers, 帮助
 * inside a form, 没有 at an optional remark, no form word as free text.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import { bareBot } from "../support/bare-bot.js";

const clock = new ManualClock("2022-03-09T02:00:00Z"); // Wednesday of 2022-W10, 10:00 in Liyang
let b: Awaited<ReturnType<typeof bareBot>>;
beforeAll(async () => {
  b = await bareBot(clock);
});
afterAll(async () => {
  await b.t.drop();
});
const say = (from: string, content: string) => b.say(from, content);

describe("forms that meet people halfway", () => {
  it("takes 齐全, 正常, 好的 and 是👍 for yes, explains the question on 帮助 without offering to leave, and refuses 确认 as a person's name", async () => {
    expect(await say("t_p1", "安全检查")).toContain("生命通道");
    expect(await say("t_p1", "是👍")).toContain("微型消防站是否已建成");
    expect(await say("t_p1", "好的")).toContain("器材是否齐全");
    const help = await say("t_p1", "帮助");
    expect(help).toContain("回复“是”或“否”");
    expect(help).toContain("“上一步”回到上一项");
    expect(help).not.toContain("要放弃它去执行");
    expect(help).toContain("器材是否齐全"); // the question again
    expect(await say("t_p1", "齐全")).toContain("值守到位");
    expect(await say("t_p1", "正常")).toContain("高层建筑");
    for (const a of ["3", "3", "1", "是", "是", "100", "98%"]) await say("t_p1", a);
    expect(await say("t_p1", "1")).toContain("请描述这处隐患");
    await say("t_p1", "二楼安全出口堆放杂物");
    await say("t_p1", "1");
    await say("t_p1", "一般");
    await say("t_p1", "下周五");
    const refused = await say("t_p1", "确认");
    expect(refused).toContain("“确认”是表单用语");
    expect(refused).toContain("整改责任人是谁");
    expect(await say("t_p1", "王主任")).toContain("照片");
  });

  it("reads 没有 or 无 at an optional remark as nothing to add, not as the remark", async () => {
    await say("t_p1", "跳过"); // the photo
    const summary = await say("t_p1", "没有");
    expect(summary).toContain("请核对");
    expect(summary).toMatch(/备注：（跳过）/);
    expect(await say("t_p1", "确认")).toContain("✅ 已提交");
    const r = await b.t.prisma.report.findFirstOrThrow({ where: { kind: "safety" } });
    expect((r.data as Record<string, unknown>).note ?? null).toBeNull();
  });
});

describe("where one is in a form", () => {
  it("counts the position up by one with each answer, even as hazard questions appear, and says roughly how many are left", async () => {
    const positions: number[] = [];
    const record = (reply: string) => {
      const m = /【第(\d+)项 · (?:还剩约(\d+)项|最后一项)】/.exec(reply);
      expect(m, reply).not.toBeNull();
      positions.push(Number(m?.[1]));
    };
    record(await say("t_r1", "安全检查 上周"));
    // The school's facts (a 微型消防站 and a canteen; no high-rise, no bus) are known from this week's report: not asked.
    for (const a of ["是", "是", "是", "1", "是", "是", "100", "98%", "2"]) record(await say("t_r1", a));
    for (const a of ["食堂灭火器过期", "1", "一般", "下周五", "李师傅", "跳过"]) record(await say("t_r1", a));
    for (const a of ["楼梯扶手松动", "1", "一般", "下周五", "王师傅"]) record(await say("t_r1", a));
    expect(positions).toEqual(positions.map((_, i) => i + 1));
    expect(positions.length).toBe(21); // the first question and 20 answers, two hazards among them
    await say("t_r1", "取消");
  });
});

describe("a checklist answer that is not normal is a hazard", () => {
  it("goes from 生命通道畅通：否 straight into recording the hazard, category 消防 given, asks only for other hazards, and puts it in the ledger", async () => {
    const p = "t_p2"; // the kindergarten: no 2022-W10 report yet
    await say(p, "安全检查");
    const ask = await say(p, "否");
    expect(ask).toContain("“生命通道”有问题，这是一处隐患，请记录");
    await say(p, "东侧安全出口被杂物堵塞");
    const next = await say(p, "2"); // 较大; no category question: it is the item's
    expect(next).toContain("整改期限");
    await say(p, "下周五");
    await say(p, "张园长");
    const after = await say(p, "跳过"); // the photo
    expect(after).toContain("微型消防站是否已建成");
    for (const a of ["否", "3", "3", "3", "100"]) await say(p, a);
    expect(await say(p, "100")).toContain("除上面记录的 1 处，本次检查还发现其他隐患几处");
    expect(await say(p, "0")).toContain("还有需要说明的吗");
    const review = await say(p, "跳过");
    expect(review).toContain("生命通道隐患1·描述：东侧安全出口被杂物堵塞");
    expect(await say(p, "确认")).toContain("✅ 已提交");
    const hazard = await b.t.prisma.hazard.findFirstOrThrow({ where: { description: "东侧安全出口被杂物堵塞" } });
    expect(hazard).toMatchObject({ category: "消防", severity: "较大", status: "open" });
    expect(await say(p, "隐患")).toContain("东侧安全出口被杂物堵塞");
  });
});
