/**
 * Who has reported and who has not, for a kind and a period: the basis of
 * 我的, 未填报 and 汇总.
 */
import type { Db } from "../db/client.js";
import { activePlan } from "../plan/load-plan.js";
import type { KindId, ReportKind } from "./kinds.js";
import { type Owing, owingUnits } from "./owes.js";
import { deadlineOf, type Period } from "./periods.js";

export type UnitStatus = Owing & {
  report: { id: number; by: string; at: Date; late: boolean } | null;
  /** No report and the deadline has passed: 逾期未报. */
  overdue: boolean;
};

export async function periodStatus(db: Db, kind: ReportKind, period: Period, now: Date, tz: string): Promise<UnitStatus[]> {
  const plan = kind.id === "progress" ? await activePlan(db, now, tz) : null;
  const owing = await owingUnits(db, kind.id, period, plan?.id);
  const due = deadlineOf(kind.deadline, period, tz);
  const overdue = due !== null && now.getTime() > due.getTime();
  if (kind.id === "progress") {
    // A unit that updated none of its targets this month counts as missing.
    const entries = await db.targetProgress.findMany({ where: { period: period.key }, include: { by: true }, orderBy: { at: "desc" } });
    const latest = new Map<number, (typeof entries)[number]>();
    for (const e of entries) if (!latest.has(e.unitId)) latest.set(e.unitId, e);
    return owing.map((o) => {
      const e = latest.get(o.unitId);
      return { ...o, report: e ? { id: e.id, by: e.by.name, at: e.at, late: false } : null, overdue: false };
    });
  }
  const reports = await db.report.findMany({
    where: { kind: kind.id, period: period.key },
    select: { id: true, unitId: true, subject: true, submittedAt: true, late: true, submittedBy: { select: { name: true } } },
  });
  const byKey = new Map(reports.map((r) => [`${r.unitId}|${r.subject}`, r]));
  return owing.map((o) => {
    const r = byKey.get(`${o.unitId}|${o.subject}`);
    return { ...o, report: r ? { id: r.id, by: r.submittedBy.name, at: r.submittedAt, late: r.late } : null, overdue: !r && overdue };
  });
}

export function isKind(id: string): id is KindId {
  return ["safety", "afterschool", "progress", "supervision"].includes(id);
}
