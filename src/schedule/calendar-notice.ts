/**
 * Telling admins about a year without holiday data, only when it matters: a
 * reminder or digest that consults the workday calendar will fire in that
 * year within NOTICE_DAYS. Once then, and once more REMIND_DAYS before that
 * firing if the year is still missing (each recorded as a OnceNotice, so
 * neither a restart, an admin's 确认 nor the daily note repeats it).
 */
import { calendarMissingText } from "../../templates/admin-digest.js";
import type { Db } from "../db/client.js";
import type { DeadlineRule, PeriodType } from "../reports/periods.js";
import { splitDate } from "../time/zoned.js";
import { loadCalendar } from "./calendar.js";
import { firingContext } from "./context.js";
import { type FiringContext, nextFirings, type Rule } from "./phrases.js";

export const NOTICE_DAYS = 60;
export const REMIND_DAYS = 7;
const DAY = 86_400_000;

export type CalendarNotice = { key: string; year: number; firstAt: Date; text: string };

/**
 * The notices due now for the given rules: for each year the calendar does not know and a rule asks
 * about within NOTICE_DAYS, the first firing that asked, and which notice (first, or a week before) is due.
 */
export async function calendarNotices(
  db: Db,
  rules: { rule: Rule; kind?: { periodType: PeriodType; deadline: DeadlineRule } }[],
  now: Date,
  tz: string,
): Promise<CalendarNotice[]> {
  const calendar = await loadCalendar(db);
  const horizon = new Date(now.getTime() + NOTICE_DAYS * DAY);
  const firstAt = new Map<number, Date>();
  for (const { rule, kind } of rules) {
    let asked: number | null = null;
    const base = firingContext(tz, calendar, kind);
    const ctx: FiringContext = {
      ...base,
      isWorkday: (d) => {
        const w = base.isWorkday(d);
        const [year] = splitDate(d);
        if (calendar.unknownYears.has(year)) asked = year;
        return w;
      },
    };
    // The firings up to the horizon, one at a time, to know which firing asked about which year.
    let from = now;
    for (let i = 0; i < 400; i++) {
      asked = null;
      const [next] = nextFirings(rule, from, 1, ctx);
      if (!next || next > horizon) break;
      const year: number | null = asked;
      if (year !== null) {
        const seen = firstAt.get(year);
        if (!seen || next < seen) firstAt.set(year, next);
      }
      from = new Date(next.getTime() + 1000);
    }
  }
  const notices: CalendarNotice[] = [];
  for (const [year, at] of [...firstAt].sort((a, b) => a[0] - b[0])) {
    const soon = at.getTime() - now.getTime() <= REMIND_DAYS * DAY;
    notices.push({ key: `calendar-missing-${year}`, year, firstAt: at, text: calendarMissingText(year, at, tz, false) });
    if (soon) notices.push({ key: `calendar-missing-${year}-week`, year, firstAt: at, text: calendarMissingText(year, at, tz, true) });
  }
  return notices;
}
