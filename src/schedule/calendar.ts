/**
 * Workdays in China: statutory holidays and 调休 workdays from the maintained
 * `chinese-days` package, plus the days admins entered (which win). A year the
 * package has no holiday data for (it follows the State Council's schedule
 * with some delay) falls back to Monday–Friday and warns the admins once.
 */
import chineseDays from "chinese-days";
import type { Db } from "../db/client.js";
import { type LocalDate, splitDate, weekdayOf } from "../time/zoned.js";

const packageHasYear = new Map<number, boolean>();

/** Whether chinese-days knows the holidays of this year. */
export function packageKnows(year: number): boolean {
  let known = packageHasYear.get(year);
  if (known === undefined) {
    known = chineseDays.getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0;
    packageHasYear.set(year, known);
  }
  return known;
}

export type Calendar = {
  isWorkday(d: LocalDate): boolean;
  /** Years asked about that have neither package data nor admin entries. */
  readonly unknownYears: ReadonlySet<number>;
};

/** A calendar over the admins' entries (read now) and the package. */
export async function loadCalendar(db: Db): Promise<Calendar> {
  const entries = new Map((await db.calendarDay.findMany()).map((d) => [d.date, d.kind]));
  const enteredYears = new Set([...entries.keys()].map((d) => Number(d.slice(0, 4))));
  const unknownYears = new Set<number>();
  return {
    unknownYears,
    isWorkday(d: LocalDate): boolean {
      const entered = entries.get(d);
      if (entered) return entered === "workday";
      const [year] = splitDate(d);
      if (packageKnows(year)) return chineseDays.isWorkday(d);
      if (!enteredYears.has(year)) unknownYears.add(year);
      return weekdayOf(d) <= 5;
    },
  };
}

/** The holidays and adjusted workdays of a year: the admins' entries and the package's. */
export async function yearDays(
  db: Db,
  year: number,
): Promise<{ holidays: LocalDate[]; workdays: LocalDate[]; source: "package" | "entered" | "both" | "none" }> {
  const entered = await db.calendarDay.findMany({ where: { date: { startsWith: `${year}-` } }, orderBy: { date: "asc" } });
  const fromPackage = packageKnows(year);
  const holidays = new Set<string>(fromPackage ? chineseDays.getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false) : []);
  const workdays = new Set<string>(
    fromPackage ? chineseDays.getWorkdaysInRange(`${year}-01-01`, `${year}-12-31`, true).filter((d: string) => weekdayOf(d) >= 6) : [],
  );
  for (const e of entered) {
    holidays.delete(e.date);
    workdays.delete(e.date);
    (e.kind === "holiday" ? holidays : workdays).add(e.date);
  }
  const source = fromPackage ? (entered.length ? "both" : "package") : entered.length ? "entered" : "none";
  return { holidays: [...holidays].sort(), workdays: [...workdays].sort(), source };
}

/**
 * Enters days of a year as they are announced: each day added, or changed from holiday to workday; days entered
 * before stay. With `replace`, the year's earlier entries go first (an explicit 节假日 替换).
 */
export async function enterYearDays(
  db: Db,
  year: number,
  holidays: LocalDate[],
  workdays: LocalDate[],
  by: string,
  opts: { replace?: boolean } = {},
): Promise<void> {
  const days = [...holidays.map((date) => ({ date, kind: "holiday" })), ...workdays.map((date) => ({ date, kind: "workday" }))];
  await db.$transaction([
    ...(opts.replace ? [db.calendarDay.deleteMany({ where: { date: { startsWith: `${year}-` } } })] : []),
    db.calendarDay.deleteMany({ where: { date: { in: days.map((d) => d.date) } } }),
    db.calendarDay.createMany({ data: days.map((d) => ({ ...d, enteredBy: by })) }),
  ]);
}

/** Removes entered days (a day announced by mistake); the package's own days stay. */
export async function removeEnteredDays(db: Db, days: LocalDate[]): Promise<number> {
  return (await db.calendarDay.deleteMany({ where: { date: { in: days } } })).count;
}
