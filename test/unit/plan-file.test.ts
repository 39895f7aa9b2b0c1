import path from "node:path";
import { describe, expect, it } from "vitest";
import { isAppError } from "../../src/errors.js";
import { type PlanFile, parsePlan, readPlanFile } from "../../src/plan/plan-file.js";
import { DATA_DIR } from "../../src/seed.js";

const plan = readPlanFile(path.join(DATA_DIR, "plan-2022.json"));
const targets = plan.sections.flatMap((s) => s.items.flatMap((i) => i.targets));
const byKey = new Map(targets.map((t) => [t.key, t]));

function refusal(data: unknown): string[] {
  try {
    parsePlan(data);
  } catch (err) {
    if (isAppError(err)) return [...err.details];
    throw err;
  }
  throw new Error("expected the plan to be refused");
}

describe("the 2022 Liyang plan file", () => {
  it("has four sections and twelve work items with their codes", () => {
    expect(plan.sections.map((s) => s.code)).toEqual(["1", "2", "3", "4"]);
    expect(plan.sections.flatMap((s) => s.items.map((i) => i.code))).toEqual([
      "1.1",
      "1.2",
      "1.3",
      "2.1",
      "2.2",
      "2.3",
      "3.1",
      "3.2",
      "3.3",
      "4.1",
      "4.2",
      "4.3",
    ]);
  });

  it.each([
    ["1.2.renovation-investment", "gte", 11600, "万元"],
    ["1.2.new-seats", "gt", 4700, "个"],
    ["1.2.exam-investment", "gte", 6820, "万元"],
    ["1.2.exam-rooms", "gte", 100, "%"],
    ["1.2.electric-canteens", "gte", 11, "所"],
    ["1.3.safety-platform", "gte", 100, "%"],
    ["2.2.teacher-recruitment", "gte", 100, "位"],
    ["2.2.kindergarten-staff-ratio", "gte", 70, "%"],
    ["3.1.quality-kindergartens", "gte", 3, "所"],
    ["3.1.kindergarten-reviews", "gte", 9, "所"],
    ["3.2.mental-health-courses", "gte", 100, "%"],
    ["3.2.new-quality-schools", "gte", 3, "所"],
    ["3.2.smart-campus", "gte", 98, "%"],
    ["3.3.1x-certificates", "gte", 90, "%"],
    ["3.3.enrolment", "gt", 450, "人"],
    ["4.2.enterprises-served", "gte", 10, "家"],
    ["4.2.industry-professors", "gte", 2, "名"],
    ["4.2.experience-posts", "gte", 5000, "个"],
    ["4.2.trainings", "gte", 25000, "人次"],
    ["4.3.training-contracts", "gte", 100, "%"],
    ["4.3.inspected-kindergartens", "gte", 20, "所"],
    ["4.3.inspected-primary", "gte", 10, "所"],
    ["4.3.inspected-junior", "gte", 9, "所"],
    ["4.3.monthly-visits", "gte", 100, "%"],
  ] as const)("encodes %s as %s %d %s", (key, comparator, value, measure) => {
    const t = byKey.get(key);
    expect(t?.kind).toBe("quantity");
    if (t?.kind !== "quantity") return;
    expect([t.comparator, t.value, t.measure]).toEqual([comparator, value, measure]);
  });

  it.each([
    ["2.2.high-level-talent", 1, 2],
    ["3.3.new-majors", 3, 4],
    ["4.1.partner-schools", 1, 2],
  ])("encodes %s as the range %d–%d", (key, lo, hi) => {
    const t = byKey.get(key);
    expect(t?.kind === "quantity" && [t.comparator, t.value, t.valueMax]).toEqual(["range", lo, hi]);
  });

  it("counts each of the six 六个一 activities as at least one", () => {
    const six = targets.filter((t) => t.key.startsWith("1.1.") && t.kind === "quantity");
    expect(six).toHaveLength(6);
    for (const t of six) expect(t.kind === "quantity" && [t.comparator, t.value]).toEqual(["gte", 1]);
  });

  it("gives 产业学院 and 示范性职工培训基地 (各1个) one target each", () => {
    expect(byKey.get("4.2.industry-college")?.name).toBe("产业学院");
    expect(byKey.get("4.2.training-base")?.name).toBe("示范性职工培训基地");
  });

  it("makes commitments without a number milestones, including all of 2.1 and 2.3", () => {
    const milestones = targets.filter((t) => t.kind === "milestone").map((t) => t.key);
    for (const key of [
      "1.1.clean-education",
      "1.2.key-projects",
      "1.3.life-passage",
      "2.1.ethics-month",
      "2.1.ethics-models",
      "2.1.county-school-hiring",
      "2.3.master-teachers",
      "3.1.preschool-county",
      "3.2.balanced-development",
      "3.3.upgrade",
      "4.2.elevator-academy",
      "4.3.double-reduction-document",
    ])
      expect(milestones).toContain(key);
    const items21and23 = targets.filter((t) => t.key.startsWith("2.1.") || t.key.startsWith("2.3."));
    expect(items21and23.every((t) => t.kind === "milestone")).toBe(true);
  });

  it("says who reports every target", () => {
    for (const t of targets) {
      expect(t.reporters.kinds.length > 0 || t.reporters.computedFrom !== undefined, t.key).toBe(true);
    }
  });
});

describe("a bad plan file", () => {
  const good = (): PlanFile => structuredClone(plan);

  it("is refused whole with the path of every error", () => {
    const bad = good() as unknown as { year: unknown; sections: { items: { targets: Record<string, unknown>[] }[] }[] };
    bad.year = "2022";
    const t0 = bad.sections[0]?.items[0]?.targets[0] as Record<string, unknown>;
    t0.comparator = "about";
    const t1 = bad.sections[1]?.items[1]?.targets[0] as Record<string, unknown>;
    delete t1.valueMax;
    const details = refusal(bad);
    expect(details.some((d) => d.startsWith("year:"))).toBe(true);
    expect(details.some((d) => d.startsWith("sections.0.items.0.targets.0.comparator:"))).toBe(true);
    expect(details.some((d) => d.startsWith("sections.1.items.1.targets.0.valueMax:"))).toBe(true);
    expect(details).toHaveLength(3);
  });

  it("is refused when a target key repeats or an item sits in the wrong section", () => {
    const bad = good();
    const items = bad.sections[0]?.items ?? [];
    const dup = structuredClone(items[0]?.targets[0]);
    if (dup) items[0]?.targets.push(dup);
    if (items[1]) items[1].code = "2.9";
    const details = refusal(bad);
    expect(details.some((d) => d.includes("重复"))).toBe(true);
    expect(details.some((d) => d.includes("不属于第 1 部分"))).toBe(true);
  });

  it("is refused when a milestone carries a number", () => {
    const bad = good() as unknown as { sections: { items: { targets: Record<string, unknown>[] }[] }[] };
    const m = bad.sections[1]?.items[0]?.targets[0] as Record<string, unknown>;
    m.value = 3;
    expect(refusal(bad).some((d) => d.startsWith("sections.1.items.0.targets.0"))).toBe(true);
  });
});
