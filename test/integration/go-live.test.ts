/**
 * Nothing is owed for a period before a school went live — the day its roster row was made, or the day the
 * bureau set with 上线 — and every view agrees with the principal's own 我的: 未填报, 汇总, the 周报, the export.
 */
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import { KindRegistry } from "../../src/kinds/registry.js";
import { loadPlan } from "../../src/plan/load-plan.js";
import { readPlanFile } from "../../src/plan/plan-file.js";
import { renderWeekly } from "../../src/schedule/digests.js";
import { DATA_DIR } from "../../src/seed.js";
import { Chat } from "../support/chat.js";
import { eventually, type Harness, wecomHarness } from "../support/wecom-harness.js";

const KINDS = KindRegistry.builtin();

const clock = new ManualClock("2022-03-16T02:00:00Z"); // Wednesday of 2022-W11
let h: Harness;
beforeAll(async () => {
  h = await wecomHarness({ clock, wecom: { identityTtlMs: 0 } });
  await loadPlan(h.db.prisma, readPlanFile(path.join(DATA_DIR, "plan-2022.json")));
  // The roster was imported on Monday 7 March (2022-W10): W10 is owed, W09 and February are not.
  await h.db.prisma.unit.updateMany({ data: { createdAt: new Date("2022-03-07T01:00:00Z") } });
});
afterAll(async () => {
  await h.close();
});

describe("a school that went live on 7 March", () => {
  it("owes last week (2022-W10) but not the week before, nor February's 课后服务 or 督导 — in 我的, 未填报, 汇总 and the 周报", async () => {
    const p = new Chat(h, "t_p1");
    const me = await p.say("我的");
    expect(me).toContain("逾期未报");
    expect(me).not.toContain("2022-W09");
    expect(me).not.toContain("2022年2月");
    const admin = new Chat(h, "T_Admin");
    expect(await admin.say("未填报 安全 上周")).toContain("测试第一小学");
    expect(await admin.say("未填报 安全 2022-W09")).toContain("没有单位需要填报");
    expect(await admin.say("未填报 课后 2022-02")).toContain("没有单位需要填报");
    const all = await admin.say("汇总");
    expect(all).toContain("安全检查逾期未报 **2** 所");
    expect(all).not.toContain("课后服务逾期未报");
    expect(all).not.toContain("督导逾期未报");
    const weekly = await renderWeekly(h.db.prisma, KINDS, clock.now(), "Asia/Shanghai");
    expect(weekly).toContain("上周安全检查 **0/2**");
    expect(weekly).toContain("前一周 0/0");
  });

  it("has no 逾期未报 row before it went live in the export", async () => {
    const admin = new Chat(h, "T_Admin");
    const before = h.fake.deliveriesTo("T_Admin").length;
    await admin.say("导出 安全 2022-W08..2022-W11");
    await eventually(() =>
      h.fake
        .deliveriesTo("T_Admin")
        .slice(before)
        .some((d) => d.msgtype === "file"),
    );
    const file = h.fake
      .deliveriesTo("T_Admin")
      .slice(before)
      .find((d) => d.msgtype === "file");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file?.media?.data as unknown as ArrayBuffer);
    const periods: string[] = [];
    wb.getWorksheet("安全检查")?.eachRow((row, i) => {
      if (i > 1) periods.push(String(row.getCell(5).value));
    });
    expect([...new Set(periods)].sort()).toEqual(["2022-W10", "2022-W11"]);
  });
});

describe("上线: the day the bureau starts reporting", () => {
  it("moves every school's start to it, and 我的 says when reporting starts while it is ahead", async () => {
    const admin = new Chat(h, "T_Admin");
    expect(await admin.say("上线")).toContain("没有设置开始填报的日期");
    expect(await admin.say("上线 2022-03-14")).toContain("各校从 2022-03-14 起开始填报");
    expect(await admin.say("未填报 安全 上周")).toContain("没有单位需要填报");
    expect(await admin.say("汇总")).not.toContain("安全检查逾期未报");
    expect(await admin.say("上线 2022-03-21")).toContain("2022-03-21");
    const me = await new Chat(h, "t_p1").say("我的");
    expect(me).toContain("教育局定于3月21日开始通过本系统填报");
    expect(me).not.toContain("安全检查");
    expect(await new Chat(h, "t_p1").say("上线 2022-01-01")).toContain("只有管理员");
    expect(await admin.say("上线 取消")).toContain("已取消统一的开始日期");
    expect(await admin.say("未填报 安全 上周")).toContain("测试第一小学");
  });
});
