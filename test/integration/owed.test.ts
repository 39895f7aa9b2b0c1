/**
 * What I owe, and what is late (issue 15, item 3): 我的 keeps a closed
 * period's missing report listed, with the command to send it late, until it
 * is sent.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import { Chat } from "../support/chat.js";
import { type Harness, wecomHarness } from "../support/wecom-harness.js";

const clock = new ManualClock("2026-10-14T02:00:00Z"); // Wednesday 10:00, week 2026-W42
let h: Harness;
beforeAll(async () => {
  h = await wecomHarness({ clock });
  await new Chat(h, "T_Admin").say("学期 设置 2026-09-01 2027-01-20");
  // The roster was imported on 30 September: nothing is owed from before.
  await h.db.prisma.unit.updateMany({ data: { createdAt: new Date("2026-09-30T00:00:00Z") } });
});
afterAll(async () => {
  await h.close();
});

const CHECKLIST = ["是", "是", "是", "是", "3", "3", "1", "是", "是", "100", "98%"];

describe("我的 after a period has closed", () => {
  it("lists last week's missing 安全检查 and last month's missing 课后服务 as overdue, with the command to send each late", async () => {
    const me = await new Chat(h, "t_p1").say("我的");
    expect(me).toContain("⚠️ 2026年第41周（10月5日—10月11日）安全检查：逾期未报，发送“安全检查 上周”补报");
    expect(me).toContain("⚠️ 2026年第40周（9月28日—10月4日）安全检查：逾期未报，发送“安全检查 2026-W40”补报");
    expect(me).not.toContain("第39周"); // before the unit was on the roster
    expect(me).toContain("2026年9月课后服务：逾期未报，发送“课后服务 上月”补报");
    expect(me).toContain("第42周"); // this week's, as before
  });

  it("stops listing a late report once it is sent with the command 我的 gave", async () => {
    const p = new Chat(h, "t_p1");
    expect(await p.say("安全检查 上周")).toContain("2026年第41周");
    await p.script(...CHECKLIST, "0");
    expect(await p.say("跳过")).toContain("请核对");
    expect(await p.say("确认")).toContain("✅ 已提交");
    const me = await p.say("我的");
    expect(me).not.toContain("第41周（10月5日—10月11日）安全检查：逾期未报");
    expect(me).toContain("第40周（9月28日—10月4日）安全检查：逾期未报");
    const stored = await h.db.prisma.report.findFirstOrThrow({ where: { kind: "safety", period: "2026-W41" } });
    expect(stored.late).toBe(true);
  });

  it("lists an inspector's missing 督导 of last month per school, with the school's number in the command", async () => {
    const me = await new Chat(h, "t_insp").say("我的");
    expect(me).toContain("2026年9月");
    expect(me).toMatch(/逾期未报，发送“督导 [12] 上月”补报/);
  });
});
