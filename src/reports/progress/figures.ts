/**
 * The plan's targets as figures: each active target's current value across
 * the units it names (or a milestone's completion), against its goal. 汇总
 * 进度 and the 周报 render these; neither computes them.
 */
import { progressTexts as pt } from "../../../templates/progress.js";
import type { Db } from "../../db/client.js";
import { activePlan } from "../../plan/load-plan.js";
import { localDate } from "../../time/zoned.js";
import { reportersOf } from "../owes.js";
import { monthOf } from "../periods.js";
import { aggregate, type PerUnit, supervisionCoverage } from "./index.js";

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
  /** A target that counts units meeting a per-unit figure: how many meet it, of how many, and that figure. */
  basis: { meeting: number; of: number; perGoal: string } | null;
};

/** `year`: the plan's own year (a plan carried over from an earlier year is named so). */
export type PlanFigures = { title: string; year: number; targets: TargetFigure[] } | null;

export async function planFigures(db: Db, now: Date, tz: string): Promise<PlanFigures> {
  const plan = await activePlan(db, now, tz);
  if (!plan) return null;
  const units = await db.unit.findMany({ where: { active: true }, select: { kind: true, code: true } });
  const rows = await db.planTarget.findMany({
    where: { planId: plan.id, active: true },
    include: { item: true },
    orderBy: [{ item: { sort: "asc" } }, { sort: "asc" }],
  });
  const month = monthOf(localDate(now, tz)).key;
  const targets: TargetFigure[] = [];
  for (const x of rows) {
    const r = reportersOf(x.reporters);
    const named = units.filter((u) => r.kinds.includes(u.kind) || r.codes.includes(u.code)).length;
    const ag = r.computedFrom === "督导" ? await supervisionCoverage(db, month) : await aggregate(db, x, named);
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
