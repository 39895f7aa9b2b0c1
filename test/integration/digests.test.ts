import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KindRegistry } from "../../src/kinds/registry.js";
import { limitFor } from "../../src/outbox/enqueue.js";
import { loadPlan } from "../../src/plan/load-plan.js";
import { readPlanFile } from "../../src/plan/plan-file.js";
import { importRoster } from "../../src/roster/import-roster.js";
import { renderDaily, renderWeekly } from "../../src/schedule/digests.js";
import { DATA_DIR } from "../../src/seed.js";
import { splitByBytes } from "../../src/wecom/split.js";
import { freshDatabase, type TestDatabase } from "../support/db.js";

const KINDS = KindRegistry.builtin();

const TZ = "Asia/Shanghai";
const NOW = new Date("2022-03-10T09:30:00Z"); // Thursday 17:30 in Liyang, week 2022-W10
const plan = readPlanFile(path.join(DATA_DIR, "plan-2022.json"));

let empty: TestDatabase;
let normal: TestDatabase;
let big: TestDatabase;
beforeAll(async () => {
  [empty, normal, big] = await Promise.all([freshDatabase(), freshDatabase(), freshDatabase()]);
  // A normal week: the test roster, the plan, one inspection with a 重大 hazard, last week's too, one after-school report.
  await loadPlan(normal.prisma, plan);
  await importRoster(normal.prisma, path.join(import.meta.dirname, "..", "fixtures", "roster-good.csv"));
  const s1 = await normal.prisma.unit.findUniqueOrThrow({ where: { code: "T-S1" } });
  const p1 = await normal.prisma.person.findUniqueOrThrow({ where: { useridKey: "t_p1" } });
  for (const period of ["2022-W09", "2022-W10"]) {
    const r = await normal.prisma.report.create({
      data: { kind: "safety", unitId: s1.id, period, data: {}, submittedById: p1.id, submittedAt: NOW },
    });
    if (period === "2022-W10") {
      await normal.prisma.hazard.create({
        data: {
          unitId: s1.id,
          number: 1,
          reportId: r.id,
          position: 0,
          description: "二楼安全出口堆放杂物",
          category: "消防",
          severity: "重大",
          deadline: "2022-03-08",
          responsible: "王主任",
          foundAt: new Date(NOW.getTime() - 3_600_000),
        },
      });
    }
  }
  await normal.prisma.report.create({
    data: {
      kind: "afterschool",
      unitId: s1.id,
      period: "2022-02",
      data: { enrolled: 600, participants: 540 },
      submittedById: p1.id,
      submittedAt: NOW,
    },
  });
  // 2,000 schools, none reported.
  await big.prisma.unit.createMany({
    data: Array.from({ length: 2000 }, (_, i) => ({
      code: `B${String(i).padStart(4, "0")}`,
      name: `第${i + 1}小学`,
      kind: "小学",
      township: "溧城街道",
    })),
  });
});
afterAll(async () => {
  await Promise.all([empty.drop(), normal.drop(), big.drop()]);
});

describe("digests", () => {
  it("日报 for an empty roster", async () => {
    expect(await renderDaily(empty.prisma, KINDS, NOW, TZ)).toMatchSnapshot();
  });

  it("周报 for an empty roster", async () => {
    expect(await renderWeekly(empty.prisma, KINDS, NOW, TZ)).toMatchSnapshot();
  });

  it("日报 for a normal week: reported X/Y, missing units, overdue 重大 hazard", async () => {
    const md = await renderDaily(normal.prisma, KINDS, NOW, TZ);
    expect(md).toContain("已提交 **1/2**");
    expect(md).toContain("未提交：测试中心幼儿园");
    expect(md).toContain('<font color="warning">逾期 1 处</font>');
    expect(md).toContain("新增重大隐患</font> 测试第一小学 隐患1");
    expect(md).toMatchSnapshot();
  });

  it("周报 for a normal week: last week beside the week before, participation, targets", async () => {
    const md = await renderWeekly(normal.prisma, KINDS, NOW, TZ);
    // The headline first: last week's completion and the hazards open.
    expect(md.split("\n")[2]).toBe('上周安全检查 **1/2**（50%） · 未整改隐患 **1** 处（<font color="warning">逾期 1</font>）');
    expect(md).toContain("参与率 **90%**");
    // The plan in one line, not a line per target; with no entry at all it claims nothing (not "落后于进度 0").
    expect(md).toMatch(/计划目标 \*\*\d+\*\* 项：<font color="warning">尚无填报数据<\/font>/);
    expect(md).not.toContain("落后于进度");
    // The overdue hazards are named as overdue, the 重大 one as open with its deadline.
    expect(md).toContain("逾期未整改隐患 1 处</font>：测试第一小学 隐患1（3月8日到期）");
    expect(md).toContain("重大隐患未整改</font>：测试第一小学 隐患1（3月8日到期）");
    expect(md).not.toContain("1.2 新增学位");
    expect(md.split("\n").length).toBeLessThanOrEqual(15);
    expect(md).toMatchSnapshot();
  });

  it("shortens 2,000 missing schools to ten and 等N所, and fits a robot's 4,096 bytes by whole lines", async () => {
    const md = await renderDaily(big.prisma, KINDS, NOW, TZ);
    expect(md).toContain("已提交 **0/2000**");
    expect(md).toContain("第10小学等2000所");
    const parts = splitByBytes(md, limitFor("robot", "markdown"));
    expect(parts.join("\n")).toBe(md);
    expect(md.split("\n").length).toBeLessThanOrEqual(20); // one phone screen
    expect(md).toMatchSnapshot();
  });

  it("周报 for 2,000 schools that sent nothing leads with what needs action and stays within 15 lines", async () => {
    const md = await renderWeekly(big.prisma, KINDS, NOW, TZ);
    const lines = md.split("\n");
    // The headline numbers first, then what needs action with its names capped behind their count.
    expect(lines[2]).toContain("上周安全检查 **0/2000**（0%）");
    expect(lines[3]).toContain("需要关注");
    expect(md).toContain("安全检查逾期未报 **2000** 所：第1小学、第2小学、第3小学、第4小学、第5小学等");
    expect(md).not.toContain("第6小学");
    expect(lines.length).toBeLessThanOrEqual(15);
    expect(md).toMatchSnapshot();
  });

  it("counts the lines of each digest as the snapshots show them", async () => {
    const counts = {
      dailyEmpty: (await renderDaily(empty.prisma, KINDS, NOW, TZ)).split("\n").length,
      weeklyEmpty: (await renderWeekly(empty.prisma, KINDS, NOW, TZ)).split("\n").length,
      dailyNormal: (await renderDaily(normal.prisma, KINDS, NOW, TZ)).split("\n").length,
      weeklyNormal: (await renderWeekly(normal.prisma, KINDS, NOW, TZ)).split("\n").length,
      daily2000: (await renderDaily(big.prisma, KINDS, NOW, TZ)).split("\n").length,
      weekly2000: (await renderWeekly(big.prisma, KINDS, NOW, TZ)).split("\n").length,
    };
    expect(counts).toMatchSnapshot();
    for (const n of Object.values(counts)) expect(n).toBeLessThanOrEqual(20);
  });
});
