/**
 * Reports a unit (or an inspector, for a school) still owes from closed
 * periods: 我的 keeps listing them, with the command to send them late, until
 * they are sent. Bounded: the last OVERDUE_LOOKBACK periods, none before the
 * unit was on the roster.
 */
import type { Db } from "../db/client.js";
import type { LocalDate } from "../time/zoned.js";
import { bureauGoLive, goLiveOf, owesPeriod } from "./go-live.js";
import { type DeadlineRule, deadlineOf, openPeriod, type Period, type PeriodType, periodOf, previous } from "./periods.js";

/** What the lookback needs of a kind. */
type Kind = { id: string; periodType: PeriodType; deadline: DeadlineRule; owedIn?(db: Db, period: Period): Promise<boolean> };

/** How far back 我的 looks: 8 weeks of a weekly kind, 3 months of a monthly one. */
export const OVERDUE_LOOKBACK = { week: 8, month: 3 } as const;

export async function overduePeriods(
  db: Db,
  kind: Kind,
  who: { unitId: number; subject: string; since: Date },
  now: Date,
  tz: string,
): Promise<Period[]> {
  const out: Period[] = [];
  const live = goLiveOf(who.since, await bureauGoLive(db), now, tz);
  let p = previous(openPeriod(kind.periodType, kind.deadline, now, tz));
  for (let i = 0; i < OVERDUE_LOOKBACK[kind.periodType]; i++, p = previous(p)) {
    if (!owesPeriod(live, p)) break;
    const due = deadlineOf(kind.deadline, p, tz);
    if (due === null || due > now) continue;
    if (kind.owedIn && !(await kind.owedIn(db, p))) continue;
    const r = await db.report.findUnique({
      where: { kind_unitId_period_subject: { kind: kind.id, unitId: who.unitId, period: p.key, subject: who.subject } },
      select: { id: true },
    });
    if (!r) out.push(p);
  }
  return out.reverse();
}

/** How a person names a past period in a command (parsePeriodWord reads it back): 上周 / 上月, else its key or 2026年9月. */
export function periodWord(p: Period, today: LocalDate): string {
  if (previous(periodOf(p.type, today)).key === p.key) return p.type === "week" ? "上周" : "上月";
  return p.type === "week" ? p.key : `${p.key.slice(0, 4)}年${Number(p.key.slice(5))}月`;
}
