import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAppError } from "../../src/errors.js";
import { loadPlan } from "../../src/plan/load-plan.js";
import { type PlanFile, parsePlan, readPlanFile } from "../../src/plan/plan-file.js";
import { DATA_DIR } from "../../src/seed.js";
import { freshDatabase, type TestDatabase } from "../support/db.js";

const plan2022 = readPlanFile(path.join(DATA_DIR, "plan-2022.json"));
let t: TestDatabase;
beforeAll(async () => {
  t = await freshDatabase();
});
afterAll(async () => {
  await t.drop();
});

const snapshot = async () => ({
  plans: await t.prisma.plan.findMany({ orderBy: { id: "asc" } }),
  sections: await t.prisma.planSection.findMany({ orderBy: { id: "asc" } }),
  items: await t.prisma.planItem.findMany({ orderBy: { id: "asc" } }),
  targets: await t.prisma.planTarget.findMany({ orderBy: { id: "asc" } }),
});

describe("loading the plan", () => {
  it("stores four sections, twelve items and every target on the first load", async () => {
    const r = await loadPlan(t.prisma, plan2022);
    const targets = plan2022.sections.flatMap((s) => s.items.flatMap((i) => i.targets));
    expect(r.created).toBe(1 + 4 + 12 + targets.length);
    expect(await t.prisma.planSection.count()).toBe(4);
    expect(await t.prisma.planItem.count()).toBe(12);
    expect(await t.prisma.planTarget.count()).toBe(targets.length);
    const seats = await t.prisma.planTarget.findFirst({ where: { key: "1.2.new-seats" }, include: { item: true } });
    expect(seats).toMatchObject({ comparator: "gt", value: 4700, measure: "个", aggregation: "sum", kind: "quantity" });
    expect(seats?.item.code).toBe("1.2");
    expect(seats?.reporters).toEqual({ kinds: ["科室"], codes: [] });
    const canteens = await t.prisma.planTarget.findFirst({ where: { key: "1.2.electric-canteens" } });
    expect(canteens?.perUnit).toEqual({ measure: "所", comparator: "gte", value: 1 });
  });

  it("changes nothing when the same file is loaded again", async () => {
    const before = await snapshot();
    const auditBefore = await t.prisma.auditLog.count();
    const r = await loadPlan(t.prisma, plan2022);
    expect([r.created, r.updated, r.retired]).toEqual([0, 0, 0]);
    expect(await snapshot()).toEqual(before);
    expect(await t.prisma.auditLog.count()).toBe(auditBefore);
  });

  it("updates an edited file in place, keeping ids, and retires a target it no longer lists", async () => {
    const before = await t.prisma.planTarget.findFirstOrThrow({ where: { key: "1.2.new-seats" } });
    const edited: PlanFile = structuredClone(plan2022);
    const item12 = edited.sections[0]?.items[1];
    if (!item12) throw new Error("no item 1.2");
    const seats = item12.targets.find((x) => x.key === "1.2.new-seats");
    if (seats?.kind !== "quantity") throw new Error("no 1.2.new-seats");
    seats.value = 4800;
    item12.targets = item12.targets.filter((x) => x.key !== "1.2.key-projects");
    const r = await loadPlan(t.prisma, edited, "admin_x");
    expect(r).toMatchObject({ created: 0, updated: 1, retired: 1 });
    const after = await t.prisma.planTarget.findFirstOrThrow({ where: { key: "1.2.new-seats" } });
    expect(after.id).toBe(before.id);
    expect(after.value).toBe(4800);
    const retired = await t.prisma.planTarget.findFirstOrThrow({ where: { key: "1.2.key-projects" } });
    expect(retired.active).toBe(false);
    const audit = await t.prisma.auditLog.findFirst({ where: { action: "plan.load", actor: "admin_x" } });
    expect(audit?.detail).toMatchObject({ updated: 1, retired: 1 });
    // Loading the original again brings the retired target back, same row.
    const back = await loadPlan(t.prisma, plan2022);
    expect(back).toMatchObject({ created: 0, updated: 2, retired: 0 }); // new-seats back to 4700, key-projects active again
    expect((await t.prisma.planTarget.findFirstOrThrow({ where: { key: "1.2.key-projects" } })).id).toBe(retired.id);
  });

  it("refuses a bad file before touching the database", async () => {
    const before = await snapshot();
    const bad = structuredClone(plan2022) as unknown as { sections: { items: { targets: { value?: unknown }[] }[] }[] };
    const target = bad.sections[0]?.items[1]?.targets[1];
    if (target) target.value = "超4700";
    let details: readonly string[] = [];
    try {
      await loadPlan(t.prisma, parsePlan(bad));
    } catch (err) {
      details = isAppError(err) ? err.details : [];
    }
    expect(details).toEqual([expect.stringMatching(/^sections\.0\.items\.1\.targets\.1\.value:/)]);
    expect(await snapshot()).toEqual(before);
  });
});
