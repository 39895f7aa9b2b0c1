/**
 * A holiday file for a year the calendar package does not know yet: CSV with
 * date,kind (放假 | 上班) and an optional note, UTF-8 or GBK. All rows or none.
 */
import type { Db } from "../db/client.js";
import { invalidFile } from "../errors.js";
import { readCsv } from "../roster/read-csv.js";
import { isValidDate, type LocalDate } from "../time/zoned.js";
import { enterYearDays } from "./calendar.js";

export async function importHolidays(db: Db, file: string): Promise<{ years: { year: number; holidays: number; workdays: number }[] }> {
  const { header, rows } = readCsv(file);
  if (!header.includes("date") || !header.includes("kind")) throw invalidFile(file, ["第 1 行（表头）应为 date,kind[,note]"]);
  const di = header.indexOf("date");
  const ki = header.indexOf("kind");
  const problems: string[] = [];
  const byYear = new Map<number, { holidays: LocalDate[]; workdays: LocalDate[] }>();
  for (const { line, cells } of rows) {
    const date = (cells[di] ?? "").trim();
    const kind = (cells[ki] ?? "").trim();
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
    if (!m || !isValidDate(Number(m[1]), Number(m[2]), Number(m[3]))) {
      problems.push(`第 ${line} 行 date 列：应为 YYYY-MM-DD 的日期（当前为“${date}”）`);
      continue;
    }
    if (kind !== "放假" && kind !== "上班") {
      problems.push(`第 ${line} 行 kind 列：应为 放假 或 上班（当前为“${kind}”）`);
      continue;
    }
    const year = Number(m[1]);
    const y = byYear.get(year) ?? { holidays: [], workdays: [] };
    (kind === "放假" ? y.holidays : y.workdays).push(date);
    byYear.set(year, y);
  }
  if (problems.length) throw invalidFile(file, problems);
  // A file states a whole year: it replaces what was entered for each year it names.
  for (const [year, y] of byYear) await enterYearDays(db, year, y.holidays, y.workdays, "cli", { replace: true });
  return { years: [...byYear].map(([year, y]) => ({ year, holidays: y.holidays.length, workdays: y.workdays.length })) };
}
