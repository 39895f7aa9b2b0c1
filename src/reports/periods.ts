/**
 * Reporting periods in the bot's timezone: ISO weeks (2022-W10, Monday 00:00
 * to Sunday 24:00) and calendar months (2022-03); the words people use for
 * them (本周, 上周, 本月, 上月); deadlines (docs/DESIGN.md "Domain rules").
 */
import {
  addDays,
  atLocal,
  daysInMonth,
  isoWeek,
  isoWeekMonday,
  type LocalDate,
  localDate,
  splitDate,
  weeksInYear,
  ymd,
} from "../time/zoned.js";

export type PeriodType = "week" | "month";
export type Period = { type: PeriodType; key: string; start: LocalDate; end: LocalDate };

export function weekOf(d: LocalDate): Period {
  const { year, week } = isoWeek(d);
  return weekPeriod(year, week);
}

export function weekPeriod(year: number, week: number): Period {
  const start = isoWeekMonday(year, week);
  return { type: "week", key: `${year}-W${String(week).padStart(2, "0")}`, start, end: addDays(start, 6) };
}

export function monthOf(d: LocalDate): Period {
  const [y, m] = splitDate(d);
  return monthPeriod(y, m);
}

export function monthPeriod(year: number, month: number): Period {
  return {
    type: "month",
    key: `${year}-${String(month).padStart(2, "0")}`,
    start: ymd(year, month, 1),
    end: ymd(year, month, daysInMonth(year, month)),
  };
}

export function periodOf(type: PeriodType, d: LocalDate): Period {
  return type === "week" ? weekOf(d) : monthOf(d);
}

export function previous(p: Period): Period {
  return periodOf(p.type, addDays(p.start, -1));
}

export function next(p: Period): Period {
  return periodOf(p.type, addDays(p.end, 1));
}

/** Reads a period key ("2022-W10", "2022-03"); null when malformed or of the other type. */
export function parsePeriodKey(key: string, type: PeriodType): Period | null {
  const w = /^(\d{4})-?W(\d{1,2})$/i.exec(key);
  if (w && type === "week") {
    const [y, n] = [Number(w[1]), Number(w[2])];
    return n >= 1 && n <= weeksInYear(y) ? weekPeriod(y, n) : null;
  }
  const m = /^(\d{4})[-/.年](\d{1,2})月?$/.exec(key);
  if (m && type === "month") {
    const [y, mo] = [Number(m[1]), Number(m[2])];
    return mo >= 1 && mo <= 12 ? monthPeriod(y, mo) : null;
  }
  return null;
}

/** 本周 / 上周 / 本月 / 上月 / a key, relative to `today`; null when it does not name a period of this type. */
export function parsePeriodWord(word: string, type: PeriodType, today: LocalDate): Period | null {
  const w = word.trim();
  if (type === "week") {
    if (w === "本周" || w === "这周") return weekOf(today);
    if (w === "上周") return previous(weekOf(today));
  } else {
    if (w === "本月" || w === "这个月") return monthOf(today);
    if (w === "上月" || w === "上个月") return previous(monthOf(today));
  }
  return parsePeriodKey(w, type);
}

/** "2022年第10周（3月7日—3月13日）" or "2022年3月". */
export function periodLabel(p: Period): string {
  const [y, m] = splitDate(p.start);
  if (p.type === "month") return `${y}年${m}月`;
  const [, sm, sd] = splitDate(p.start);
  const [, em, ed] = splitDate(p.end);
  return `${p.key.slice(0, 4)}年第${Number(p.key.slice(6))}周（${sm}月${sd}日—${em}月${ed}日）`;
}

/**
 * When a period's report is due, as data (a KindSpec's `deadline` phrase, read by kinds/deadline.ts): a weekday
 * and time of the week (周五 17:00), a day and time of the next month (次月5日 17:00), the end of the month
 * (当月最后一天 24:00), or none. Deadlines do not move for holidays.
 */
export type DeadlineRule =
  | { in: "week"; weekday: number; hour: number; minute: number }
  | { in: "next-month"; day: number; hour: number; minute: number }
  | { in: "month-end" }
  | { in: "none" };

/** The built-in kinds' deadlines. */
export const FRIDAY_17: DeadlineRule = { in: "week", weekday: 5, hour: 17, minute: 0 };
export const FIFTH_NEXT_MONTH_17: DeadlineRule = { in: "next-month", day: 5, hour: 17, minute: 0 };
export const MONTH_END: DeadlineRule = { in: "month-end" };
export const NO_DEADLINE: DeadlineRule = { in: "none" };

export const hasDeadline = (rule: DeadlineRule) => rule.in !== "none";

/** The deadline of a period under a rule, as an instant; null for none. Deadlines do not move for holidays. */
export function deadlineOf(rule: DeadlineRule, p: Period, tz: string): Date | null {
  switch (rule.in) {
    case "week":
      return atLocal(addDays(p.start, rule.weekday - 1), rule.hour, rule.minute, tz);
    case "next-month": {
      const [y, m] = splitDate(addDays(p.end, 1));
      return atLocal(ymd(y, m, Math.min(rule.day, daysInMonth(y, m))), rule.hour, rule.minute, tz);
    }
    case "month-end":
      return atLocal(addDays(p.end, 1), 0, 0, tz);
    case "none":
      return null;
  }
}

/**
 * The period a command without one means: the current one — except for a
 * monthly report due next month (课后服务), which means the previous month
 * until its deadline has passed.
 */
export function openPeriod(type: PeriodType, rule: DeadlineRule, now: Date, tz: string): Period {
  const current = periodOf(type, localDate(now, tz));
  // Due after the period itself (次月5日): the previous period stays open until its deadline has passed.
  if (rule.in !== "next-month") return current;
  const prev = previous(current);
  const due = deadlineOf(rule, prev, tz);
  return due && now.getTime() <= due.getTime() ? prev : current;
}
