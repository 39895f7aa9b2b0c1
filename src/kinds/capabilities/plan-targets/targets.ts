/**
 * 进度: a unit reports on the plan targets that name it — the cumulative
 * value in the target's unit with a note, or a milestone done with its date
 * and evidence. Every entry is kept; the latest per unit counts, aggregated
 * across units by the target's rule (sum, count of units meeting, latest,
 * percentage).
 */

import { z } from "zod";
import { progressTexts as t } from "../../../../templates/progress.js";
import { ask, questions } from "../../../../templates/questions.js";
import type { Db } from "../../../db/client.js";
import type { FormDef } from "../../../forms/types.js";
import { targetNamesUnit } from "../../../reports/owes.js";

const q = questions.progress;

export type PlanTargetRow = Awaited<ReturnType<Db["planTarget"]["findMany"]>>[number];
export type PerUnit = { measure: string; comparator: "gt" | "gte" | "lte" | "eq"; value: number };

export async function targetsForUnit(db: Db, planId: number, unit: { kind: string; code: string }) {
  const targets = await db.planTarget.findMany({
    where: { planId, active: true },
    include: { item: true },
    orderBy: [{ item: { sort: "asc" } }, { sort: "asc" }],
  });
  return targets.filter((x) => targetNamesUnit(x.reporters, unit));
}

export async function latestEntry(db: Db, targetId: number, unitId: number) {
  return db.targetProgress.findFirst({ where: { targetId, unitId }, orderBy: [{ at: "desc" }, { id: "desc" }] });
}

export function meets(comparator: string, value: number, goal: number, goalMax?: number | null): boolean {
  switch (comparator) {
    case "gt":
      return value > goal;
    case "gte":
      return value >= goal;
    case "lte":
      return value <= goal;
    case "eq":
      return value === goal;
    case "range":
      return value >= goal && (goalMax === null || goalMax === undefined || value <= goalMax);
    default:
      return false;
  }
}

/** `meeting`: for targets that count units meeting a per-unit figure, how many do (of `owing`). */
export type Aggregate = { current: number | null; done: boolean | null; reporting: number; owing: number; meeting?: number };

/** The target's current figure across units (latest entry per unit). */
export async function aggregate(db: Db, target: PlanTargetRow, owing: number): Promise<Aggregate> {
  const entries = await db.targetProgress.findMany({ where: { targetId: target.id }, orderBy: [{ at: "asc" }, { id: "asc" }] });
  return aggregateOf(target, entries, owing);
}

type Entry = { unitId: number; value: number | null; done: boolean | null; at: Date };

/** The same over given entries (oldest first): the latest per unit counts. */
export function aggregateOf(target: PlanTargetRow, entries: readonly Entry[], owing: number): Aggregate {
  const latest = new Map<number, Entry>();
  for (const e of entries) latest.set(e.unitId, e);
  const rows = [...latest.values()];
  if (target.kind === "milestone") return { current: null, done: rows.some((r) => r.done === true), reporting: rows.length, owing };
  const values = rows.filter((r) => r.value !== null).map((r) => r.value as number);
  const per = target.perUnit as PerUnit | null;
  let current: number | null = null;
  switch (target.aggregation) {
    case "sum":
      current = values.length ? values.reduce((a, b) => a + b, 0) : null;
      break;
    case "latest": {
      const last = rows
        .filter((r) => r.value !== null)
        .sort((a, b) => a.at.getTime() - b.at.getTime())
        .at(-1);
      current = last ? (last.value as number) : null;
      break;
    }
    case "count_meeting":
      current = per ? values.filter((v) => meets(per.comparator, v, per.value)).length : null;
      break;
    case "percentage":
      current =
        per && owing > 0 ? Math.round((values.filter((v) => meets(per.comparator, v, per.value)).length / owing) * 1000) / 10 : null;
      break;
  }
  const meeting =
    per && (target.aggregation === "count_meeting" || target.aggregation === "percentage")
      ? values.filter((v) => meets(per.comparator, v, per.value)).length
      : undefined;
  return { current, done: null, reporting: rows.length, owing, ...(meeting === undefined ? {} : { meeting }) };
}

/** What a 进度 form is about, as kept in the form's state: the unit and the one target it reports on. */
export const ProgressContext = z.object({
  unitId: z.number().int(),
  unitName: z.string(),
  targetId: z.number().int(),
  targetKey: z.string(),
  targetName: z.string(),
  targetKind: z.enum(["quantity", "milestone"]),
  /** The unit a unit enters its value in (a per-unit measure, or the target's). */
  entryMeasure: z.string(),
  /** 1: the target counts units meeting a per-unit figure (the value asked is the unit's own). */
  perUnit: z.union([z.literal(0), z.literal(1)]),
  /** What a unit must reach to count as meeting it ("100%", "1所"), for perUnit targets. */
  perGoal: z.string().default(""),
  /** The unit's current value as shown in the prompt ("98%", "已完成（2026-11-03）", "未填报"). */
  current: z.string().default(""),
});
export type ProgressContext = z.infer<typeof ProgressContext>;

/** The form for one target: its value (in the unit a unit enters) and a note, or a milestone's completion. */
export function progressForm(raw: Record<string, string | number | null>): FormDef {
  const context = ProgressContext.parse(raw);
  const title = t.formTitle(context.unitName, context.targetName);
  if (context.targetKind === "milestone") {
    return {
      id: "progress",
      title,
      fields: [
        { key: "done", type: "yesno", ...ask(q.done, t.milestonePrompt(context.targetName, context.current)) },
        { key: "doneOn", type: "date", ...ask(q.doneOn), notFuture: true, when: (a) => a.done === true },
        { key: "note", type: "text", ...ask(q.evidence), maxLength: 300 },
      ],
    };
  }
  const measure = context.entryMeasure;
  return {
    id: "progress",
    title,
    fields: [
      {
        key: "value",
        type: "decimal",
        ...ask(
          measure === "%" ? q.valuePercent : q.valueNumber,
          t.valuePrompt(context.targetName, measure, context.perUnit === 1 ? context.perGoal : null, context.current),
        ),
        unit: measure,
        min: 0,
        ...(measure === "%" ? { max: 100 } : {}),
      },
      { key: "note", type: "text", ...ask(q.note), maxLength: 300, optional: true },
    ],
  };
}
