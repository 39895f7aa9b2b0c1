/**
 * Who has reported and who has not, for a kind and a period: the basis of
 * 我的, 未填报, reminders and 汇总. The kind says who owes it and where its
 * reports are (src/kinds/kind.ts); this reads no more than it needs.
 */
import type { Db } from "../db/client.js";
import { liveIn } from "./go-live.js";
import type { Owing } from "./owes.js";
import { type DeadlineRule, deadlineOf, type Period } from "./periods.js";

/** The units a question is asked about: null or absent, every unit. */
export type Units = ReadonlySet<number> | null;

/** A where-clause on unitId for `units` (none when every unit). */
export const inUnits = (units: Units | undefined) => (units ? { unitId: { in: [...units] } } : {});

/** A unit's report for a period, as status lists show it. */
export type Reported = { id: number; by: string; at: Date; late: boolean };

/** What status needs of a kind: its stored id, its deadline, who owes it, and (when not one report each) its reports. */
export type Owed = {
  id: string;
  deadline: DeadlineRule;
  owing(db: Db, period: Period, at: { now: Date; tz: string }, units?: Units): Promise<Owing[]>;
  reported?(db: Db, period: Period, units?: Units): Promise<Map<string, Reported>>;
};

export type UnitStatus = Owing & {
  report: Reported | null;
  /** No report and the deadline has passed: 逾期未报. */
  overdue: boolean;
};

/** One report per unit, period and subject: the Report table. */
async function reportsOf(db: Db, kindId: string, period: Period, units?: Units): Promise<Map<string, Reported>> {
  const reports = await db.report.findMany({
    where: { kind: kindId, period: period.key, ...inUnits(units) },
    select: { id: true, unitId: true, subject: true, submittedAt: true, late: true, submittedBy: { select: { name: true } } },
  });
  return new Map(reports.map((r) => [`${r.unitId}|${r.subject}`, { id: r.id, by: r.submittedBy.name, at: r.submittedAt, late: r.late }]));
}

/**
 * Who owes the kind for the period (among `units` when given): the kind says, and units not yet live then owe
 * nothing (go-live.ts).
 */
export async function owingIn(db: Db, kind: Owed, period: Period, now: Date, tz: string, units?: Units): Promise<Owing[]> {
  return liveIn(db, await kind.owing(db, period, { now, tz }, units), period, now, tz);
}

/** Who has reported and who has not; `units`: only these (a school's page reads one school's rows, not the county's). */
export async function periodStatus(db: Db, kind: Owed, period: Period, now: Date, tz: string, units?: Units): Promise<UnitStatus[]> {
  const owing = await owingIn(db, kind, period, now, tz, units);
  const due = deadlineOf(kind.deadline, period, tz);
  const overdue = due !== null && now.getTime() > due.getTime();
  const reported = await (kind.reported ? kind.reported(db, period, units) : reportsOf(db, kind.id, period, units));
  return owing.map((o) => {
    const report = reported.get(`${o.unitId}|${o.subject}`) ?? null;
    return { ...o, report, overdue: !report && overdue };
  });
}
