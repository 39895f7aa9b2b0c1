/**
 * The plan's targets as figures: each active target's current value across
 * the units it names (or a milestone's completion), against its goal. 汇总
 * 进度 and the 周报 render these; neither computes them.
 */
import { progressTexts as pt } from "../../../../templates/progress.js";
import type { Db } from "../../../db/client.js";
import { activePlan } from "../../../plan/load-plan.js";
import { reportersOf } from "../../../reports/owes.js";
import { monthOf, type Period } from "../../../reports/periods.js";
import { localDate } from "../../../time/zoned.js";
import { type Aggregate, aggregate, aggregateOf, type PerUnit } from "./targets.js";

/** A target the plan computes from another kind's reports (its word, 督导): that kind's figure for the month, or null. */
export type ComputedFrom = (word: string, month: Period) => Promise<Aggregate | null>;

export type TargetFigure = {
  code: string;
  name: string;
  milestone: boolean;
  /** A milestone: done by any named unit. */
  done: boolean;
  /** A quantity: the current figure in `unit`, or null when nobody has reported. */
  current: number | null;
  unit: string;
  goal: string;
  /** current / goal, in percent (rounded), when both are known. */
  percent: number | null;
  /** No unit on the roster reports it (and it is not computed from 督导). */
  nobody: boolean;
  /** How many units have reported on it (their latest entry counts). */
  reporting: number;
  /** A target that counts units meeting a per-unit figure: how many meet it, of how many, and that figure. */
  basis: { meeting: number; of: number; perGoal: string } | null;
};

/** `year`: the plan's own year (a plan carried over from an earlier year is named so). */
export type PlanFigures = { title: string; year: number; targets: TargetFigure[] } | null;

export async function planFigures(db: Db, now: Date, tz: string, computed: ComputedFrom): Promise<PlanFigures> {
  const plan = await activePlan(db, now, tz);
  if (!plan) return null;
  const units = await db.unit.findMany({ where: { active: true }, select: { kind: true, code: true } });
  const rows = await db.planTarget.findMany({
    where: { planId: plan.id, active: true },
    include: { item: true },
    orderBy: [{ item: { sort: "asc" } }, { sort: "asc" }],
  });
  const month = monthOf(localDate(now, tz));
  const targets: TargetFigure[] = [];
  for (const x of rows) {
    const r = reportersOf(x.reporters);
    const named = units.filter((u) => r.kinds.includes(u.kind) || r.codes.includes(u.code)).length;
    const ag = (r.computedFrom ? await computed(r.computedFrom, month) : null) ?? (await aggregate(db, x, named));
    const milestone = x.kind === "milestone";
    const per = x.perUnit as PerUnit | null;
    targets.push({
      code: x.item.code,
      name: x.name,
      milestone,
      done: ag.done === true,
      current: milestone ? null : ag.current,
      unit: x.aggregation === "percentage" ? "%" : (x.measure ?? ""),
      goal: milestone ? "" : pt.goal(x.comparator, x.value, x.valueMax, x.measure),
      percent: !milestone && ag.current !== null && x.value ? Math.round((ag.current / x.value) * 100) : null,
      nobody: !r.computedFrom && named === 0,
      reporting: ag.reporting,
      basis:
        per && ag.meeting !== undefined && named > 0
          ? { meeting: ag.meeting, of: named, perGoal: pt.goal(per.comparator, per.value, null, per.measure) }
          : null,
    });
  }
  return { title: plan.title, year: plan.year, targets };
}

/** A figure as the digests print it: an integer as is, else one decimal. */
export function figure(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}

/** How far through its year the plan is on `today`, in percent (a target below this is behind). */
export function yearElapsed(today: string): number {
  const y = Number(today.slice(0, 4));
  const start = Date.UTC(y, 0, 1);
  const end = Date.UTC(y + 1, 0, 1);
  const [, m, d] = today.split("-").map(Number);
  return Math.round(((Date.UTC(y, (m ?? 1) - 1, d ?? 1) - start) / (end - start)) * 100);
}

export type PlanStanding = { updated: number; total: number; elapsed: number; behind: { name: string; percent: number }[] };

/**
 * The plan at a glance: targets updated (a value, or a milestone done), and the quantities behind the
 * year's pace (their share of the goal below the share of the year gone), furthest behind first.
 */
export function planStanding(plan: NonNullable<PlanFigures>, today: string): PlanStanding {
  const elapsed = yearElapsed(today);
  const reported = plan.targets.filter((x) => !x.nobody);
  // Updated: some unit has reported on it (a count of units meeting a figure is 0, not unknown, before anyone has).
  const updated = reported.filter((x) => x.reporting > 0).length;
  const behind = reported
    .filter((x) => !x.milestone && x.reporting > 0 && x.percent !== null && x.percent < elapsed)
    .map((x) => ({ name: x.name, percent: x.percent ?? 0 }))
    .sort((a, b) => a.percent - b.percent);
  return { updated, total: reported.length, elapsed, behind };
}

/** A quantity target's figure at the end of each month of the plan's year so far, beside its goal (the burn-up). */
export type BurnUp = { name: string; goal: number; unit: string; months: { month: string; current: number | null }[] };

export async function planBurnUp(db: Db, now: Date, tz: string): Promise<BurnUp[]> {
  const plan = await activePlan(db, now, tz);
  if (!plan) return [];
  const units = await db.unit.findMany({ where: { active: true }, select: { kind: true, code: true } });
  const rows = await db.planTarget.findMany({
    where: { planId: plan.id, active: true, kind: { not: "milestone" }, value: { not: null } },
    include: { item: true },
    orderBy: [{ item: { sort: "asc" } }, { sort: "asc" }],
  });
  const today = localDate(now, tz);
  const year = Number(today.slice(0, 4));
  const lastMonth = Number(today.slice(5, 7));
  const out: BurnUp[] = [];
  for (const x of rows) {
    const r = reportersOf(x.reporters);
    if (r.computedFrom) continue; // a figure computed from another kind is a month's, not a running one
    const named = units.filter((u) => r.kinds.includes(u.kind) || r.codes.includes(u.code)).length;
    const entries = await db.targetProgress.findMany({ where: { targetId: x.id }, orderBy: [{ at: "asc" }, { id: "asc" }] });
    const months: BurnUp["months"] = [];
    for (let m = 1; m <= lastMonth; m++) {
      const key = `${year}-${String(m).padStart(2, "0")}`;
      months.push({
        month: key,
        current: aggregateOf(
          x,
          entries.filter((e) => e.period <= key),
          named,
        ).current,
      });
    }
    out.push({ name: x.name, goal: x.value as number, unit: x.aggregation === "percentage" ? "%" : (x.measure ?? ""), months });
  }
  return out;
}
