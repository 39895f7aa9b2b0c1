/**
 * What `导出 <报表> [期间|起..止]` covers: one period word or key, or a range `起..止` of them, as the kind's
 * periods (a month asked of a weekly kind is the weeks that overlap it). Bounded: at most MAX_PERIODS.
 */

import type { Kind } from "../kinds/kind.js";
import { monthOf, next, openPeriod, type Period, type PeriodType, parsePeriodWord, weekOf } from "../reports/periods.js";
import type { LocalDate } from "../time/zoned.js";

/** Two years of weeks: more is a job for several files. */
export const MAX_PERIODS = 106;

export type Range = { periods: Period[]; label: string } | { error: "unreadable"; word: string } | { error: "too-long" };

function span(word: string, today: LocalDate): { start: LocalDate; end: LocalDate; key: string } | null {
  const w = word.trim().replace(/年(\d{1,2})月$/, (_, m: string) => `-${m.padStart(2, "0")}`);
  const p = parsePeriodWord(w, "week", today) ?? parsePeriodWord(w, "month", today);
  return p ? { start: p.start, end: p.end, key: p.key } : null;
}

/** The kind's periods from `start` to `end` (dates), in order. */
function periodsBetween(type: PeriodType, start: LocalDate, end: LocalDate): Period[] | null {
  const out: Period[] = [];
  for (let p = type === "week" ? weekOf(start) : monthOf(start); p.start <= end; p = next(p)) {
    out.push(p);
    if (out.length > MAX_PERIODS) return null;
  }
  return out;
}

/** `word` (期间 or 起..止; also 至 and ~) for `kind`; none: the kind's open period. */
export function exportRange(kind: Kind, word: string | undefined, now: Date, tz: string, today: LocalDate): Range {
  if (!word) {
    const p = openPeriod(kind.periodType, kind.deadline, now, tz);
    return { periods: [p], label: p.key };
  }
  const [a = "", b] = word.split(/\.\.|至|~|～/);
  const from = span(a, today);
  if (!from) return { error: "unreadable", word: a };
  const to = b === undefined ? from : span(b, today);
  if (!to) return { error: "unreadable", word: b ?? "" };
  const [lo, hi] = from.start <= to.start ? [from, to] : [to, from];
  const periods = periodsBetween(kind.periodType, lo.start, hi.end);
  if (!periods) return { error: "too-long" };
  return { periods, label: lo.key === hi.key ? lo.key : `${lo.key}至${hi.key}` };
}
