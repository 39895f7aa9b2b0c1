/**
 * 进度 as a report kind: owed by the units the active plan's targets name;
 * a unit has "reported" for a month when it updated any of its targets in it
 * (the latest entry counts). No deadline, no form of one report per period:
 * its entries are per target (`progress/index.ts`).
 */
import { progressTexts as pt } from "../../../templates/progress.js";
import { reports } from "../../../templates/reports.js";
import { summary } from "../../../templates/summary.js";
import { activePlan } from "../../plan/load-plan.js";
import { REPORT_KINDS } from "../kinds.js";
import { reportersOf } from "../owes.js";
import { inUnits, type Reported, type ReportPlugin } from "../plugin.js";
import { figure, planFigures, planStanding } from "./figures.js";

export const progressKind: ReportPlugin = {
  ...REPORT_KINDS.progress,
  purpose: "进度",
  chases: "unit",
  unitOwes: () => false,
  async owing(db, _period, at, among) {
    const plan = await activePlan(db, at.now, at.tz);
    if (!plan) return [];
    const targets = await db.planTarget.findMany({ where: { planId: plan.id, active: true } });
    const kinds = new Set<string>();
    const codes = new Set<string>();
    for (const t of targets) {
      const r = reportersOf(t.reporters);
      for (const k of r.kinds) kinds.add(k);
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
    return units.map((u) => ({ unitId: u.id, unitCode: u.code, unitName: u.name, township: u.township, subject: "", since: u.createdAt }));
  },
  async summary(db, _period, at) {
    const plan = await planFigures(db, at.now, at.tz);
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
};
