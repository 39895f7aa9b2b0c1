/**
 * A KindSpec's deadline as people write it, and back: 周五 17:00 (each week), 次月5日 17:00 (the month after),
 * 当月最后一天 24:00 (the month's end), 无 (none).
 */
import { parseNumber } from "../forms/parse/numbers.js";
import type { DeadlineRule, PeriodType } from "../reports/periods.js";

const WEEKDAYS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7 };
const WEEKDAY_NAMES = ["", "一", "二", "三", "四", "五", "六", "日"];

function time(s: string): { hour: number; minute: number } | null {
  const m = /^(\d{1,2})[:：](\d{2})$/.exec(s.trim());
  if (!m) return null;
  const [hour, minute] = [Number(m[1]), Number(m[2])];
  return hour <= 23 && minute <= 59 ? { hour, minute } : null;
}

/** The rule a phrase states for a kind of this period, or a reason it does not (what to write instead). */
export function parseDeadline(phrase: string, period: PeriodType | "once"): DeadlineRule | { problem: string } {
  const s = phrase.trim().replace(/\s+/g, " ");
  if (["无", "没有", "不设", "none"].includes(s)) return { in: "none" };
  if (period === "week") {
    const m = /^(?:每)?(?:周|星期)([一二三四五六日天])\s*(\d{1,2}[:：]\d{2})$/.exec(s);
    const t = m?.[2] ? time(m[2]) : null;
    if (m?.[1] && t) return { in: "week", weekday: WEEKDAYS[m[1]] as number, ...t };
    return { problem: "每周的报表写成“周五 17:00”这样（星期几和时间），或“无”" };
  }
  if (period === "month") {
    if (/^(?:当月|本月)?最后一天\s*24[:：]00$/.test(s) || /^月底$/.test(s)) return { in: "month-end" };
    const m = /^次月(.+?)日\s*(\d{1,2}[:：]\d{2})$/.exec(s);
    const day = m?.[1] ? parseNumber(m[1]) : null;
    const t = m?.[2] ? time(m[2]) : null;
    if (day && day.unit === "" && Number.isInteger(day.value) && day.value >= 1 && day.value <= 28 && t)
      return { in: "next-month", day: day.value, ...t };
    return { problem: "每月的报表写成“次月5日 17:00”或“当月最后一天 24:00”，或“无”" };
  }
  return { problem: "一次性的收集（period 为 once）暂不支持，请用 week 或 month" };
}

/** The phrase for a rule (what `kind export` writes). */
export function deadlinePhrase(rule: DeadlineRule): string {
  const hm = (h: number, m: number) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
  switch (rule.in) {
    case "week":
      return `周${WEEKDAY_NAMES[rule.weekday]} ${hm(rule.hour, rule.minute)}`;
    case "next-month":
      return `次月${rule.day}日 ${hm(rule.hour, rule.minute)}`;
    case "month-end":
      return "当月最后一天 24:00";
    case "none":
      return "无";
  }
}
