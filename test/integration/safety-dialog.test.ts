import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import { Chat } from "../support/chat.js";
import { type Harness, wecomHarness } from "../support/wecom-harness.js";

// Wednesday 2022-03-09 10:00 in Liyang: week 2022-W10, due Friday 17:00.
const clock = new ManualClock("2022-03-09T02:00:00Z");
let h: Harness;
beforeAll(async () => {
  h = await wecomHarness({ clock });
});
afterAll(async () => {
  await h.close();
});

const CHECKLIST = ["是", "是", "是", "是", "3", "3", "1", "是", "是", "100", "98%"];

describe("a principal's weekly safety inspection", () => {
  it("asks each question with its progress, and accepts the answers people type", async () => {
    const p = new Chat(h, "t_p1");
    const first = await p.say("安全检查");
    expect(first).toContain("开始填写测试第一小学2022年第10周（3月7日—3月13日）安全检查");
    expect(first).toContain("截止时间：3月11日 17:00");
    expect(first).toContain("【第1项");
    expect(first).toContain("生命通道");
    let last = "";
    for (const a of CHECKLIST) last = await p.say(a);
    expect(last).toContain("隐患几处");
    last = await p.say("两处");
    expect(last).toContain("隐患1/2 · 请描述这处隐患");
    await p.say("二楼东侧安全出口堆放杂物");
    await p.say("1");
    await p.say("重大");
    await p.say("下周五");
    await p.say("王主任");
    last = await p.photo();
    expect(last).toContain("照片已保存");
    expect(last).toContain("隐患2/2 · 请描述");
    await p.script("食堂灭火器过期", "消防", "2", "3月15日", "李师傅", "跳过");
    last = await p.say("跳过"); // 备注
    expect(last).toContain("请核对");
    expect(last).toContain("隐患1·描述：二楼东侧安全出口堆放杂物");
    expect(last).toContain("隐患1·照片：已上传照片");
    expect(last).toContain("隐患2·照片：（跳过）");
    const done = await p.say("确认");
    expect(done).toContain("✅ 已提交");
    expect(done).toContain("编号 1、2");
    const report = await h.db.prisma.report.findFirstOrThrow({ where: { kind: "safety" }, include: { revisions: true } });
    expect(report.period).toBe("2022-W10");
    expect(report.late).toBe(false);
    expect(report.revisions).toHaveLength(1);
    const hazards = await h.db.prisma.hazard.findMany({ orderBy: { number: "asc" } });
    expect(hazards.map((x) => [x.number, x.severity, x.deadline, x.photoId !== null])).toEqual([
      [1, "重大", "2022-03-18", true],
      [2, "较大", "2022-03-15", false],
    ]);
    const photo = await h.db.prisma.photo.findFirstOrThrow();
    expect(photo.size).toBe(8);
    expect(await h.db.prisma.auditLog.count({ where: { action: "report.submit", actor: "t_p1" } })).toBe(1);
    expect(await h.db.prisma.conversation.count()).toBe(0);
  });

  it("lists the open hazards, closes one by its number, and keeps the photo that follows", async () => {
    const r = new Chat(h, "t_r1");
    const list = await r.say("隐患");
    expect(list).toContain("未整改的隐患 2 处");
    expect(list).toContain("1. [重大] 二楼东侧安全出口堆放杂物");
    const closed = await r.say("隐患 整改 2 已更换灭火器");
    expect(closed).toContain("隐患 2 已标记为整改完成");
    const saved = await r.photo();
    expect(saved).toContain("已保存隐患 2 的整改照片");
    expect(await r.say("隐患")).toContain("未整改的隐患 1 处");
    expect(await r.say("隐患 整改 2 又整改了一次")).toContain("已经整改过了");
    expect(await r.say("隐患 整改 9 没有这个")).toContain("没有编号为 9 的隐患");
    expect(await r.say("隐患 整改 abc")).toContain("隐患 整改 编号 说明");
    expect(await h.db.prisma.auditLog.count({ where: { action: "hazard.rectify", actor: "t_r1" } })).toBe(1);
    const h2 = await h.db.prisma.hazard.findFirstOrThrow({ where: { number: 2 } });
    expect([h2.status, h2.rectifyNote, h2.rectifyPhotoId !== null]).toEqual(["rectified", "已更换灭火器", true]);
  });

  it("counts the hazards in the bureau's 汇总 and names the missing school in 未填报", async () => {
    const admin = new Chat(h, "T_Admin");
    const md = await admin.say("汇总 安全 2022-W10");
    expect(md).toContain("### 安全检查 · 2022年第10周（3月7日—3月13日）");
    expect(md).toContain("已填报 **1/2**（50%）");
    expect(md).toContain("未填报：测试中心幼儿园");
    expect(md).toContain("本期新发现隐患 **2** 处（重大 1，较大 1）");
    expect(md).toContain("未整改隐患 **1** 处");
    expect(md).toContain('<font color="warning">重大</font> 测试第一小学 隐患1：二楼东侧安全出口堆放杂物');
    const missing = await admin.say("未填报 安全 2022-W10");
    expect(missing).toContain("1. 测试中心幼儿园");
    expect(h.fake.deliveriesTo("T_Admin").some((d) => d.msgtype === "markdown")).toBe(true);
  });

  it("tells a second reporter who already submitted this week's inspection", async () => {
    const r2 = new Chat(h, "t_r1");
    const a = await r2.say("安全检查");
    expect(a).toContain("已由测试校长甲于3月9日 10:00提交");
    expect(a).toContain("修改 安全 2022-W10");
  });
});

describe("wrong answers", () => {
  it("explain why in Chinese and ask the same question again, keeping every earlier answer", async () => {
    clock.set("2022-03-16T02:00:00Z"); // next week
    // The kindergarten, whose facts are not known yet (every question is asked).
    const p = new Chat(h, "t_p2");
    await p.say("安全");
    expect(await p.say("也许吧")).toMatch(
      /没能记下：请回复“是”或“否”（也可以写“正常”“齐全”“没有”，或直接写出问题，如“缺两个灭火器”）。\n【第1项/,
    );
    await p.say("是");
    expect(await p.say("")).toContain("没能记下");
    await p.script("否", "1", "3", "3");
    const pct = await p.say("120%");
    expect(pct).toContain("百分比应在 0 到 100 之间");
    expect(pct).toContain("班级覆盖率");
    expect(await p.say("一百")).toContain("学生覆盖率");
    expect(await p.say("九十九点五")).toContain("隐患几处");
    expect(await p.say("3个人")).toContain("单位应为“处”");
    expect(await p.say("100")).toContain("不能大于 20处");
    const back = await p.say("上一步");
    expect(back).toContain("学生覆盖率");
    expect(back).toContain("当前答案：99.5%");
    // Back at an answered question, 跳过 keeps the answer and goes on (a required one with none must be answered).
    expect(await p.say("跳过")).toContain("隐患几处");
    await p.say("0");
    const review = await p.say("跳过");
    expect(review).toContain("请核对");
    expect(review).toContain("2. 微型消防站已建成：否");
    expect(review).toContain("安全教育平台学生覆盖率：99.5%");
    expect(await p.say("改 99")).toContain("没有这一项");
    expect(await p.say("随便")).toContain("请回复“确认”提交");
    const change = await p.say("改 2");
    expect(change).toContain("微型消防站是否已建成");
    const next = await p.say("是");
    expect(next).toContain("器材是否齐全"); // a newly visible question is asked before the summary
    await p.say("是");
    const again = await p.say("是");
    expect(again).toContain("请核对");
    expect(again).toContain("微型消防站已建成：是");
    expect(await p.say("确认")).toContain("✅ 已提交");
  });

  it("survive emoji, very long text, punctuation and SQL-looking text", async () => {
    clock.set("2022-03-23T02:00:00Z");
    const p = new Chat(h, "t_p1");
    await p.say("安全检查");
    for (const junk of ["😀😀", "x".repeat(5000), "。。。！！", '\'; DROP TABLE "Report"; --']) {
      const a = await p.say(junk);
      expect(a).toContain("没能记下");
      expect(a).toContain("生命通道");
    }
    // The school's facts are known from its first week (a 微型消防站 and a canteen; no high-rise, no bus): not asked.
    await p.script("是", "是", "是", "1", "是", "是", "100", "100", "1");
    const long = await p.say("长".repeat(201));
    expect(long).toContain("请控制在 200 字以内");
    const state = await h.db.prisma.conversation.findFirstOrThrow();
    expect(state.state).toContain("hazardCount");
    expect(await p.say("取消")).toContain("已取消");
    expect(await h.db.prisma.conversation.count()).toBe(0);
  });
});
