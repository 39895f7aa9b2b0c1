/**
 * What principals type and operators import reaches the bureau's group chats
 * as plain text: no @mention, heading, colour, link or quote can come from it.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KindRegistry } from "../../src/kinds/registry.js";
import { kindSummary } from "../../src/kinds/summary.js";
import { loadPlan } from "../../src/plan/load-plan.js";
import { readPlanFile } from "../../src/plan/plan-file.js";
import { weekOf } from "../../src/reports/periods.js";
import { renderDaily, renderWeekly } from "../../src/schedule/digests.js";
import { DATA_DIR } from "../../src/seed.js";
import { freshDatabase, type TestDatabase } from "../support/db.js";

const KINDS = KindRegistry.builtin();

const TZ = "Asia/Shanghai";
const NOW = new Date("2022-03-10T09:30:00Z"); // Thursday 17:30, week 2022-W10
const HOSTILE_UNIT = '<@admin1>第一小学\n## 紧急通知：全部学校已达标\n<font color="info">全部达标</font>';
const HOSTILE_DESC = "灭火器过期 [点此登录](http://evil.example/login)\n> 已整改\n## 紧急通知：全部学校已达标 <@all> **忽略**";

let db: TestDatabase;
beforeAll(async () => {
  db = await freshDatabase();
  await loadPlan(db.prisma, readPlanFile(path.join(DATA_DIR, "plan-2022.json")));
  const unit = await db.prisma.unit.create({ data: { code: "X1", name: HOSTILE_UNIT, kind: "小学", township: "溧城街道" } });
  await db.prisma.unit.create({ data: { code: "X2", name: "[未报学校](http://evil.example)", kind: "小学", township: "溧城街道" } });
  const p = await db.prisma.person.create({ data: { userid: "x_p1", useridKey: "x_p1", name: "<@x_p2>", unitId: unit.id } });
  const r = await db.prisma.report.create({
    data: { kind: "safety", unitId: unit.id, period: "2022-W10", data: {}, submittedById: p.id, submittedAt: NOW },
  });
  await db.prisma.report.create({
    data: { kind: "safety", unitId: unit.id, period: "2022-W09", data: {}, submittedById: p.id, submittedAt: NOW },
  });
  await db.prisma.hazard.create({
    data: {
      unitId: unit.id,
      number: 1,
      reportId: r.id,
      position: 0,
      description: HOSTILE_DESC,
      category: "消防",
      severity: "重大",
      deadline: "2022-03-20",
      responsible: "<@boss>",
      foundAt: new Date(NOW.getTime() - 3_600_000),
    },
  });
  await db.prisma.report.create({
    data: {
      kind: "afterschool",
      unitId: unit.id,
      period: "2022-02",
      data: { enrolled: 600, participants: 540 },
      submittedById: p.id,
      submittedAt: NOW,
    },
  });
});
afterAll(async () => {
  await db.drop();
});

/** Every markup the bot itself writes: its headings, its colours, its quotes of 重大 hazards. */
function expectOnlyOwnMarkup(md: string) {
  const lines = md.split("\n");
  for (const line of lines) {
    if (line.startsWith("#")) expect(line, "a heading").toMatch(/^#{2,3} (安全日报|教育工作周报|安全检查 ·)/);
    if (line.startsWith(">")) expect(line, "a quote").toMatch(/^> <font color="warning">(新增重大隐患|重大)<\/font> /);
  }
  expect(md).not.toMatch(/<@/);
  expect(md).not.toContain("](");
  expect(md).not.toContain('<font color="info">全部达标');
  expect(md).not.toContain("**忽略**");
  const fonts = md.match(/<font[^>]*>/g) ?? [];
  for (const f of fonts) expect(f).toMatch(/^<font color="(warning|comment|info)">$/);
  // The hostile texts are shown, but as text on their own line's end: their line breaks are gone.
  expect(md).toContain("紧急通知：全部学校已达标");
  expect(lines.some((l) => /^\s*#+\s*紧急通知/.test(l))).toBe(false);
}

describe("Markdown injection into the bureau's group chats", () => {
  it("keeps a hostile unit name and hazard description plain in the 日报", async () => {
    const md = await renderDaily(db.prisma, KINDS, NOW, TZ);
    expect(md).toContain("新增重大隐患");
    expectOnlyOwnMarkup(md);
  });

  it("keeps them plain in the 周报", async () => {
    const md = await renderWeekly(db.prisma, KINDS, NOW, TZ);
    expect(md).toContain("参与率");
    expectOnlyOwnMarkup(md); // the unit name appears in the lowest participation list
  });

  it("keeps them plain in 汇总 安全检查", async () => {
    const safety = KINDS.byId("safety");
    if (!safety) throw new Error("no 安全检查");
    const md = await kindSummary(db.prisma, safety, weekOf("2022-03-10"), NOW, TZ, "2022-03-10");
    expect(md).toContain("重大");
    expectOnlyOwnMarkup(md);
  });
});
