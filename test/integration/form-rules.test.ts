/**
 * A report's rules hold on every path that changes an answer — in order,
 * through 上一步 and 改 N, at 确认 and in 修改 — and the deadline of a
 * correction holds at 确认: an impossible or too-late report is never stored.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import { Chat } from "../support/chat.js";
import { type Harness, wecomHarness } from "../support/wecom-harness.js";

const clock = new ManualClock("2022-03-03T02:00:00Z"); // Thursday 3 March: February's 课后服务 is open
let h: Harness;
beforeAll(async () => {
  h = await wecomHarness({ clock, wecom: { identityTtlMs: 0 } });
});
afterAll(async () => {
  await h.close();
});

const reportData = async (kind: string, period: string) =>
  (await h.db.prisma.report.findFirst({ where: { kind, period }, orderBy: { id: "desc" } }))?.data as Record<string, unknown> | undefined;

// 在校生数, 参加人数, 教师, 天数, 结束时间, 特色课程, 收费, 费用, 校外机构 → the summary (备注 skipped).
const AFTERSCHOOL = ["600", "540", "45", "5", "17:30", "12", "是", "150", "否", "跳过"];

describe("课后服务: participants never exceed enrolment", () => {
  it("refuses a smaller enrolment through 改 1 at the summary, then through 上一步, and stores the report only as it holds", async () => {
    const p = new Chat(h, "t_p1");
    expect(await p.say("课后")).toContain("2022年2月课后服务");
    const review = await p.script(...AFTERSCHOOL);
    expect(review).toContain("请核对");
    expect(await p.say("改 1")).toContain("在校生");
    const refused = await p.say("500");
    expect(refused).toContain("与第 2 项");
    expect(refused).toContain("已填 540人");
    // The earlier answers are all still there, the question is asked again.
    expect(refused).toContain("在校生");
    expect(await p.say("600")).toContain("请核对");
    // 上一步 from the next question back to 在校生数.
    expect(await p.say("改 2")).toContain("参加");
    expect(await p.say("上一步")).toContain("在校生");
    expect(await p.say("300")).toContain("与第 2 项");
    expect(await p.say("600")).toContain("请核对");
    expect(await p.say("改 2")).toContain("参加");
    expect(await p.say("500")).toContain("请核对");
    expect(await p.say("确认")).toContain("参与率 83.3%");
    const data = await reportData("afterschool", "2022-02");
    expect(data).toMatchObject({ enrolled: 600, participants: 500 });
  });

  it("sends 修改 back to the answer that no longer holds at 确认, and keeps nothing a condition no longer asks", async () => {
    // The stored report is corrupted by hand (as an old version's data could be): participants above enrolment.
    const report = await h.db.prisma.report.findFirstOrThrow({ where: { kind: "afterschool", period: "2022-02" } });
    await h.db.prisma.report.update({ where: { id: report.id }, data: { data: { ...(report.data as object), enrolled: 400 } } });
    const p = new Chat(h, "t_p1");
    expect(await p.say("修改 课后 2022-02")).toContain("请核对");
    const back = await p.say("确认");
    expect(back).toContain("第 2 项");
    expect(back).toContain("不能大于在校生数（400人）");
    expect(await p.say("400")).toContain("请核对");
    // 收费 → 否: the fee is no longer asked, and is not stored.
    const summary = await p.say("改 7");
    expect(summary).toContain("收费");
    expect(await p.say("否")).toContain("请核对");
    expect(await p.say("确认")).toContain("第 2 版");
    const data = await reportData("afterschool", "2022-02");
    expect(data).toMatchObject({ enrolled: 400, participants: 400, charged: false });
    expect(data).not.toHaveProperty("fee");
  });
});

describe("督导: the visit belongs to the report's month", () => {
  it("refuses a visit date outside the month of the report", async () => {
    clock.set("2022-03-02T02:00:00Z");
    const i = new Chat(h, "t_insp");
    expect(await i.say("督导 2")).toContain("2022年3月督导");
    expect(await i.say("2月28日")).toContain("应在2022年3月之内");
    expect(await i.say("今天")).toContain("作业管理是否达标");
    expect(await i.say("取消")).toContain("已取消");
  });
});

describe("安全检查: a correction's deadline holds at 确认", () => {
  const SAFETY = ["是", "否", "3", "3", "3", "100", "100", "0", "跳过"];

  it("does not save a 修改 opened before Friday 17:00 and confirmed after it, and an admin's later correction keeps the original on time", async () => {
    clock.set("2022-03-09T02:00:00Z"); // Wednesday of 2022-W10
    const p = new Chat(h, "t_p1");
    await p.say("安全检查");
    await p.script(...SAFETY);
    expect(await p.say("确认")).toContain("已提交");
    clock.set("2022-03-11T08:58:00Z"); // Friday 16:58
    expect(await p.say("修改 安全")).toContain("请核对");
    expect(await p.say("改 1")).toContain("生命通道");
    expect(await p.say("否")).toContain("请记录"); // 生命通道 不畅通: its hazard first
    expect(await p.script("楼道堆放杂物", "1", "下周五", "王主任", "跳过")).toContain("请核对");
    clock.set("2022-03-11T09:00:30Z"); // 17:00:30
    const late = await p.say("确认");
    expect(late).toContain("修改未保存");
    expect(late).toContain("原报告不变");
    const report = await h.db.prisma.report.findFirstOrThrow({
      where: { kind: "safety", period: "2022-W10" },
      include: { revisions: true },
    });
    expect(report.revision).toBe(1);
    expect(report.late).toBe(false);
    expect((report.data as { lifePassage: boolean }).lifePassage).toBe(true);
    expect(await h.db.prisma.conversation.count({ where: { person: { useridKey: "t_p1" } } })).toBe(0);

    const admin = new Chat(h, "T_Admin");
    expect(await admin.say("修改 安全 2022-W10 T-S1")).toContain("请核对");
    await admin.say("改 1");
    await admin.say("否");
    await admin.script("楼道堆放杂物", "1", "下周五", "王主任", "跳过");
    expect(await admin.say("确认")).toContain("第 2 版");
    const after = await h.db.prisma.report.findFirstOrThrow({
      where: { kind: "safety", period: "2022-W10" },
      include: { revisions: { orderBy: { revision: "asc" } } },
    });
    expect(after.late).toBe(false);
    expect(after.revisions.map((r) => r.late)).toEqual([false, true]);
  });
});
