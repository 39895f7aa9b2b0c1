/**
 * Calendar arithmetic in the bot's timezone (not the server's). A LocalDate is
 * "YYYY-MM-DD"; instants are Dates. Uses Intl only: no dependency.
 */
export type LocalDate = string;
export type LocalParts = {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number /** 1 = Monday … 7 = Sunday */;
  weekday: number;
};

const fmtCache = new Map<string, Intl.DateTimeFormat>();
function fmt(tz: string): Intl.DateTimeFormat {
  let f = fmtCache.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    fmtCache.set(tz, f);
  }
  return f;
}

/** The last minute asked for, per zone: formatToParts is slow and callers ask about "now" over and over. */
const lastMinute = new Map<string, { minute: number; parts: LocalParts }>();

export function localParts(at: Date, tz: string): LocalParts {
  const minute = Math.floor(at.getTime() / 60_000);
  const last = lastMinute.get(tz);
  if (last?.minute === minute) return { ...last.parts };
  const parts = computeLocalParts(at, tz);
  lastMinute.set(tz, { minute, parts });
  return { ...parts };
}

function computeLocalParts(at: Date, tz: string): LocalParts {
  const p: Record<string, number> = {};
  for (const part of fmt(tz).formatToParts(at)) if (part.type !== "literal") p[part.type] = Number(part.value);
  const year = p.year ?? 1970;
  const month = p.month ?? 1;
  const day = p.day ?? 1;
  return { year, month, day, hour: p.hour ?? 0, minute: p.minute ?? 0, weekday: weekdayOf(ymd(year, month, day)) };
}

export function ymd(year: number, month: number, day: number): LocalDate {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

export function splitDate(d: LocalDate): [number, number, number] {
  const [y = "0", m = "1", dd = "1"] = d.split("-");
  return [Number(y), Number(m), Number(dd)];
}

export function localDate(at: Date, tz: string): LocalDate {
  const p = localParts(at, tz);
  return ymd(p.year, p.month, p.day);
}

/** Days since 1970-01-01 of a local date (calendar arithmetic, no timezone). */
export function dayNumber(d: LocalDate): number {
  const [y, m, dd] = splitDate(d);
  return Math.floor(Date.UTC(y, m - 1, dd) / 86_400_000);
}

export function fromDayNumber(n: number): LocalDate {
  const t = new Date(n * 86_400_000);
  return ymd(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

export function addDays(d: LocalDate, n: number): LocalDate {
  return fromDayNumber(dayNumber(d) + n);
}

/** 1 = Monday … 7 = Sunday. */
export function weekdayOf(d: LocalDate): number {
  return ((((dayNumber(d) + 3) % 7) + 7) % 7) + 1; // 1970-01-01 was a Thursday
}

export function isValidDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The instant at local wall time `hh:mm` on `d` in `tz`. */
export function atLocal(d: LocalDate, hour: number, minute: number, tz: string): Date {
  const [y, m, dd] = splitDate(d);
  const wall = Date.UTC(y, m - 1, dd, hour, minute);
  let guess = wall;
  for (let i = 0; i < 3; i++) {
    const p = localParts(new Date(guess), tz);
    const seen = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
    if (seen === wall) break;
    guess += wall - seen;
  }
  return new Date(guess);
}

/** ISO-8601 week of a local date: the year that owns the week and the week number. */
export function isoWeek(d: LocalDate): { year: number; week: number } {
  const thursday = addDays(d, 4 - weekdayOf(d));
  const [year] = splitDate(thursday);
  const jan1 = ymd(year, 1, 1);
  return { year, week: Math.floor((dayNumber(thursday) - dayNumber(jan1)) / 7) + 1 };
}

/** The Monday of ISO week `week` of `year`. */
export function isoWeekMonday(year: number, week: number): LocalDate {
  const jan4 = ymd(year, 1, 4);
  const mondayW1 = addDays(jan4, 1 - weekdayOf(jan4));
  return addDays(mondayW1, (week - 1) * 7);
}

export function weeksInYear(year: number): number {
  return isoWeek(ymd(year, 12, 28)).week;
}

/** "3月5日 17:00" in the bot's timezone. */
/** A deadline as people say it: midnight is the end of the day before ("12月31日 24:00", not "1月1日 00:00"). */
export function formatDeadlineZh(at: Date, tz: string): string {
  const p = localParts(at, tz);
  if (p.hour !== 0 || p.minute !== 0) return formatInstantZh(at, tz);
  const before = localParts(new Date(at.getTime() - 60_000), tz);
  return `${before.month}月${before.day}日 24:00`;
}

/** "2026年12月7日 18:05": an instant in the bot's timezone, with its year (for an operator reading a log or a backup). */
export function formatFullInstantZh(at: Date, tz: string): string {
  const p = localParts(at, tz);
  return `${p.year}年${formatInstantZh(at, tz)}`;
}

export function formatInstantZh(at: Date, tz: string): string {
  const p = localParts(at, tz);
  return `${p.month}月${p.day}日 ${String(p.hour).padStart(2, "0")}:${String(p.minute).padStart(2, "0")}`;
}
