/**
 * Plan targets as a capability (进度): owed by the units the active plan's targets name; a unit has "reported" for
 * a month when it updated any of its targets in it (the latest entry counts). No form of one report per period —
 * its entries are per target (targets.ts); 汇总 is the plan's targets; the 周报 reads `plan.standing`.
 */
import { progressTexts as pt } from "../../../../templates/progress.js";
import { reports } from "../../../../templates/reports.js";
import { summary } from "../../../../templates/summary.js";
import { views as v } from "../../../../templates/views.js";
import type { Db } from "../../../db/client.js";
import { activePlan } from "../../../plan/load-plan.js";
import { reportersOf } from "../../../reports/owes.js";
import { monthOf } from "../../../reports/periods.js";
import { inUnits, periodStatus, type Reported } from "../../../reports/status.js";
import { lazy } from "../../figures.js";
import type { Kind } from "../../kind.js";
import type { CapabilityParts, KindBasics } from "../parts.js";
import { type ComputedFrom, figure, type PlanFigures, planFigures, planStanding } from "./figures.js";
import type { PlanTargetsOptions } from "./options.js";
import { targetsForUnit } from "./targets.js";

/** A target computed from another kind: the share of that kind's owed reports in for the month. */
export function computedFrom(o: PlanTargetsOptions, k: Pick<KindBasics, "kind">, db: Db, now: Date, tz: string): ComputedFrom {
  return async (word, month) => {
    const id = o.computedFrom?.[word];
    const other = id ? k.kind(id) : null;
    if (!other) return null;
    const status = await periodStatus(db, other, month, now, tz);
    const done = status.filter((s) => s.report).length;
    return {
      current: status.length ? Math.round((done / status.length) * 1000) / 10 : null,
      done: null,
      reporting: done,
      owing: status.length,
    };
  };
}

export function planTargets(o: PlanTargetsOptions, k: KindBasics): CapabilityParts {
  return {
    kind: {
      owes: () => false,
      owingEveryPeriod: false,
      async owing(db, _period, at, among) {
        const plan = await activePlan(db, at.now, at.tz);
        if (!plan) return [];
        const targets = await db.planTarget.findMany({ where: { planId: plan.id, active: true } });
        const kinds = new Set<string>();
        const codes = new Set<string>();
        for (const t of targets) {
          const r = reportersOf(t.reporters);
          for (const x of r.kinds) kinds.add(x);
          for (const c of r.codes) codes.add(c);
        }
        const units = await db.unit.findMany({
          where: {
            active: true,
            OR: [{ kind: { in: [...kinds] } }, { code: { in: [...codes] } }],
            ...(among ? { id: { in: [...among] } } : {}),
          },
          orderBy: { code: "asc" },
        });
        return units.map((u) => ({
          unitId: u.id,
          unitCode: u.code,
          unitName: u.name,
          township: u.township,
          subject: "",
          since: u.createdAt,
        }));
      },
      async reported(db, period, units) {
        // A unit that updated none of its targets this month counts as missing.
        const entries = await db.targetProgress.findMany({
          where: { period: period.key, ...inUnits(units) },
          include: { by: true },
          orderBy: { at: "desc" },
        });
        const latest = new Map<string, Reported>();
        for (const e of entries)
          if (!latest.has(`${e.unitId}|`)) latest.set(`${e.unitId}|`, { id: e.id, by: e.by.name, at: e.at, late: false });
        return latest;
      },
      async summary(db, _period, at) {
        const plan = await planFigures(db, at.now, at.tz, computedFrom(o, k, db, at.now, at.tz));
        if (!plan) return [pt.noPlan()];
        if (at.brief) {
          const s = planStanding(plan, at.today);
          return [summary.planHeading(plan.title), summary.planStanding(s.updated, s.total, s.elapsed, s.behind)];
        }
        return [
          summary.planHeading(plan.title),
          ...plan.targets.map((x) =>
            x.milestone
              ? summary.targetLine(
                  x.code,
                  x.name,
                  reports.milestoneState(x.done),
                  reports.milestoneGoal(),
                  "",
                  x.nobody ? summary.noReporters() : "",
                )
              : summary.targetLine(
                  x.code,
                  x.name,
                  x.current === null ? reports.notReported() : `${figure(x.current)}${x.unit}`,
                  x.goal,
                  `${x.percent === null ? "" : `（${x.percent}%）`}${x.basis ? pt.basis(x.basis.meeting, x.basis.of, x.basis.perGoal) : ""}`,
                  x.nobody ? summary.noReporters() : "",
                ),
          ),
        ];
      },
      async meLines(db, unit, at) {
        const plan = await activePlan(db, at.now, at.tz);
        const targets = plan ? await targetsForUnit(db, plan.id, unit) : [];
        if (!targets.length) return [];
        const month = monthOf(at.today);
        // Targets updated this month, each once however many entries it has.
        const entries = await db.targetProgress.findMany({
          where: { unitId: unit.id, period: month.key, targetId: { in: targets.map((x) => x.id) } },
          distinct: ["targetId"],
          select: { targetId: true },
        });
        return [v.meProgress(entries.length, targets.length, `${Number(month.key.slice(5))}月`)];
      },
    },
    /** `plan`: the plan's standing at a glance (`standing`, "" without a plan), its title and year. */
    figures(scope, db, _period, at) {
      const plan = {};
      let figures$: ReturnType<typeof planFigures> | null = null;
      const figures = () => {
        figures$ ??= planFigures(db, at.now, at.tz, computedFrom(o, k, db, at.now, at.tz));
        return figures$;
      };
      lazy(plan, "standing", async () => {
        const p = await figures();
        if (!p) return "";
        const s = planStanding(p, at.today);
        return summary.planStanding(s.updated, s.total, s.elapsed, s.behind);
      });
      scope.plan = plan;
    },
  };
}

/** What the plan pages need of the kinds: the one with plan targets, and the others by id. */
type Kinds = { all(): readonly { id: string; capabilities: { planTargets?: PlanTargetsOptions } }[]; byId(id: string): Kind | null };

/** The plan's figures as the kind with plan targets computes them (null: no such kind, or no plan). */
export async function planOf(db: Db, kinds: Kinds, now: Date, tz: string): Promise<PlanFigures> {
  const k = kinds.all().find((x) => x.capabilities.planTargets);
  const o = k?.capabilities.planTargets;
  if (!k || !o) return null;
  return planFigures(db, now, tz, computedFrom(o, { kind: (id) => kinds.byId(id) }, db, now, tz));
}
