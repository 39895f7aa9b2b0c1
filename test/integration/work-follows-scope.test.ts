/**
 * A school's page and export cost one school's rows, not the county's (issue 30, item 2), and an export too large
 * for Excel or WeCom is answered before any work with what to ask instead (item 3). "Rows read" is counted by a
 * Prisma extension over every query of the page — a measure that does not depend on the machine's speed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/client.js";
import { buildExport, planExport } from "../../src/exports/export.js";
import { parseExport } from "../../src/exports/request.js";
import { KindRegistry } from "../../src/kinds/registry.js";
import { localDate } from "../../src/time/zoned.js";
import { overviewPage } from "../../src/web/pages/overview.js";
import { freshDatabase, type TestDatabase } from "../support/db.js";

const KINDS = KindRegistry.builtin();

const TZ = "Asia/Shanghai";
const NOW = new Date("2022-11-09T02:00:00Z");
const SCHOOLS = 2_000;
let t: TestDatabase;
let mine: number;
beforeAll(async () => {
  t = await freshDatabase();
  await t.prisma.unit.createMany({
    data: Array.from({ length: SCHOOLS }, (_, i) => ({ code: `S${i}`, name: `第${i}小学`, kind: "小学", township: `镇${i % 10}` })),
  });
  const first = await t.prisma.unit.findFirstOrThrow({ where: { code: "S0" } });
  mine = first.id;
  const p = await t.prisma.person.create({ data: { userid: "p0", useridKey: "p0", name: "校长0", unitId: mine } });
  // A few weeks of reports by every school, so that reading the county's is reading thousands of rows.
  const weeks = ["2022-W42", "2022-W43", "2022-W44", "2022-W45"];
  const units = await t.prisma.unit.findMany({ select: { id: true } });
  for (const w of weeks)
    await t.prisma.report.createMany({
      data: units.map((u) => ({
        kind: "safety",
        unitId: u.id,
        period: w,
        data: { lifePassage: true },
        submittedById: p.id,
        submittedAt: NOW,
      })),
    });
}, 120_000);
afterAll(async () => {
  await t.drop();
});

/** The database with every row any query returns counted. */
function counted(db: Db): { db: Db; rows(): number } {
  let rows = 0;
  const x = db.$extends({
    query: {
      $allModels: {
        async $allOperations({ args, query }) {
          const r = await query(args);
          rows += Array.isArray(r) ? r.length : r ? 1 : 0;
          return r;
        },
      },
    },
  });
  return { db: x as unknown as Db, rows: () => rows };
}

describe("a school's own page and export", () => {
  it("read the school's rows, not the county's: a principal's overview reads a few dozen where a viewer's reads thousands", async () => {
    const principal = counted(t.prisma);
    await overviewPage(principal.db, KINDS, new Set([mine]), NOW, TZ);
    const viewer = counted(t.prisma);
    await overviewPage(viewer.db, KINDS, null, NOW, TZ);
    expect(viewer.rows()).toBeGreaterThan(SCHOOLS);
    expect(principal.rows()).toBeLessThan(100);
  });

  it("export a school's two years of weeks reading that school's rows", async () => {
    const req = parseExport(KINDS, ["安全检查", "2020-W48..2022-W45"], NOW, TZ, localDate(NOW, TZ));
    if (!req.ok) throw new Error(req.reply);
    const c = counted(t.prisma);
    const f = await buildExport(
      c.db,
      { what: req.what, periods: req.periods, label: req.label, scope: new Set([mine]), who: "第0小学" },
      NOW,
      TZ,
    );
    expect(req.periods?.length).toBeGreaterThan(100);
    expect(f.rows).toBeGreaterThanOrEqual(req.periods?.length ?? 0);
    expect(c.rows()).toBeLessThan(1_000);
  });
});

describe("an export's size, known before the work", () => {
  it("counts the rows from who owes now × periods, and says how many periods one file holds under WeCom's 20 MB", async () => {
    const safety = KINDS.byId("safety");
    const req = parseExport(KINDS, ["安全检查", "2020-W48..2022-W45"], NOW, TZ, localDate(NOW, TZ));
    if (!req.ok || !safety) throw new Error("no request");
    const plan = await planExport(
      t.prisma,
      { what: req.what, periods: req.periods, label: req.label, scope: null, who: "溧阳市" },
      NOW,
      TZ,
    );
    expect(plan.rows).toBe(SCHOOLS * (req.periods?.length ?? 0));
    // At 2,000 schools two years fit one sheet (~206,000 rows); the size says how many periods fit 20 MB.
    const small = await planExport(
      t.prisma,
      { what: req.what, periods: req.periods, label: req.label, scope: null, who: "溧阳市" },
      NOW,
      TZ,
      20 * 1024 * 1024,
    );
    expect(small.bytes).toBe(plan.rows * 90);
    expect(small.periodsPerFile).toBe(Math.floor(Math.floor((20 * 1024 * 1024) / 90) / SCHOOLS));
  });
});
