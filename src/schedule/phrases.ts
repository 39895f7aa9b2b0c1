/**
 * Schedule phrases in Chinese ⇄ rules: 每天 17:00, 工作日 08:30, 每周一 09:00,
 * 每周一至五 16:00, 每周一、三、五 8:00, 每月1日 09:00, 每月最后一个工作日 15:00,
 * 截止前24小时 (before the report kind's deadline), and cron:… for experts.
 * Firings are computed in the bot's timezone from an injected time, with the
 * calendar's workdays.
 */
import { z } from "zod";
import { type LocalTime, parseTime } from "../forms/parse/dates.js";
import { normalize } from "../forms/parse/normalize.js";
import { parseChineseNumeral } from "../forms/parse/numbers.js";
import { addDays, atLocal, daysInMonth, type LocalDate, localDate, splitDate, weekdayOf } from "../time/zoned.js";
import { cronDayMatches, parseCron } from "./cron.js";

export const RuleSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("daily"), hour: z.number(), minute: z.number() }),
  z.object({ type: z.literal("workdays"), hour: z.number(), minute: z.number() }),
  z.object({ type: z.literal("weekly"), days: z.array(z.number().int().min(1).max(7)).min(1), hour: z.number(), minute: z.number() }),
  z.object({ type: z.literal("monthly"), day: z.number().int().min(1).max(31), hour: z.number(), minute: z.number() }),
  z.object({ type: z.literal("monthLastWorkday"), hour: z.number(), minute: z.number() }),
  z.object({
    type: z.literal("beforeDeadline"),
    hours: z
      .number()
      .int()
      .min(1)
      .max(24 * 31),
  }),
  z.object({ type: z.literal("cron"), expr: z.string() }),
]);
export type Rule = z.infer<typeof RuleSchema>;

const WEEKDAY: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7 };
const DAY_NAMES = ["", "一", "二", "三", "四", "五", "六", "日"];

function time(s: string): LocalTime | null {
  return parseTime(s.trim());
}

/** Reads a phrase; null when unreadable (the caller shows the examples). */
export function parsePhrase(input: string): Rule | null {
  const raw = input.trim();
  const cron = /^cron[:：]\s*(.+)$/i.exec(raw);
  if (cron?.[1]) return parseCron(cron[1]) ? { type: "cron", expr: cron[1].trim().split(/\s+/).join(" ") } : null;
  const s = normalize(raw).replace(/\s+/g, " ");
  let m = /^截止前\s*(\d+|[一二三四五六七八九十两]+)\s*(小时|个小时|天)$/.exec(s);
  if (m) {
    const n = /^\d+$/.test(m[1] ?? "") ? Number(m[1]) : parseChineseNumeral(m[1] ?? "");
    if (!n || n < 1) return null;
    const hours = m[2] === "天" ? n * 24 : n;
    return hours <= 24 * 31 ? { type: "beforeDeadline", hours } : null;
  }
  m = /^(每天|每日|工作日|每个工作日|每月最后一个工作日)\s*(.+)$/.exec(s);
  if (m) {
    const t = time(m[2] ?? "");
    if (!t) return null;
    const type = m[1] === "每天" || m[1] === "每日" ? "daily" : m[1] === "每月最后一个工作日" ? "monthLastWorkday" : "workdays";
    return { type, ...t };
  }
  m = /^每周([一二三四五六日天])(?:至|到|-|~)([一二三四五六日天])\s*(.+)$/.exec(s);
  if (m) {
    const a = WEEKDAY[m[1] ?? ""] ?? 0;
    const b = WEEKDAY[m[2] ?? ""] ?? 0;
    const t = time(m[3] ?? "");
    if (!t || a > b) return null;
    return { type: "weekly", days: Array.from({ length: b - a + 1 }, (_, i) => a + i), ...t };
  }
  m = /^(?:每周|每星期)([一二三四五六日天](?:\s*[、,，和]\s*[一二三四五六日天])*)\s*(.+)$/.exec(s);
  if (m) {
    const days = [...new Set([...(m[1] ?? "")].map((c) => WEEKDAY[c]).filter((d): d is number => d !== undefined))].sort();
    const t = time(m[2] ?? "");
    return t && days.length ? { type: "weekly", days, ...t } : null;
  }
  m = /^每月\s*(\d{1,2}|[一二三四五六七八九十]+)\s*[日号]\s*(.+)$/.exec(s);
  if (m) {
    const day = /^\d+$/.test(m[1] ?? "") ? Number(m[1]) : parseChineseNumeral(m[1] ?? "");
    const t = time(m[2] ?? "");
    return t && day && day >= 1 && day <= 31 ? { type: "monthly", day, ...t } : null;
  }
  return null;
}

const hhmm = (h: number, m: number) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;

/** The rule in plain Chinese. */
export function describeRule(rule: Rule): string {
  switch (rule.type) {
    case "daily":
      return `每天 ${hhmm(rule.hour, rule.minute)}`;
    case "workdays":
      return `每个工作日 ${hhmm(rule.hour, rule.minute)}（法定节假日不发，调休上班日照发）`;
    case "weekly":
      return `每周${rule.days.map((d) => DAY_NAMES[d]).join("、")} ${hhmm(rule.hour, rule.minute)}`;
    case "monthly":
      return `每月${rule.day}日 ${hhmm(rule.hour, rule.minute)}${rule.day > 28 ? "（没有这一天的月份在月末发）" : ""}`;
    case "monthLastWorkday":
      return `每月最后一个工作日 ${hhmm(rule.hour, rule.minute)}`;
    case "beforeDeadline":
      return `每期截止前 ${rule.hours % 24 === 0 ? `${rule.hours / 24} 天` : `${rule.hours} 小时`}`;
    case "cron":
      return `cron 表达式“${rule.expr}”`;
  }
}

export type FiringContext = {
  tz: string;
  isWorkday(d: LocalDate): boolean;
  /** For 截止前: the deadlines from a time on (the report kind's, in order). */
  deadlinesFrom?(from: Date, n: number): Date[];
};

function dayMatches(rule: Rule, d: LocalDate, ctx: FiringContext): boolean {
  const [y, m, day] = splitDate(d);
  switch (rule.type) {
    case "daily":
      return true;
    case "workdays":
      return ctx.isWorkday(d);
    case "weekly":
      return rule.days.includes(weekdayOf(d));
    case "monthly":
      return day === Math.min(rule.day, daysInMonth(y, m));
    case "monthLastWorkday": {
      if (!ctx.isWorkday(d)) return false;
      for (let next = addDays(d, 1); splitDate(next)[1] === m; next = addDays(next, 1)) if (ctx.isWorkday(next)) return false;
      return true;
    }
    default:
      return false;
  }
}

/** The next `n` firings strictly after `from` (within about 400 days). */
export function nextFirings(rule: Rule, from: Date, n: number, ctx: FiringContext): Date[] {
  if (rule.type === "beforeDeadline") {
    const out: Date[] = [];
    const deadlines = ctx.deadlinesFrom?.(from, n + 2) ?? [];
    for (const d of deadlines) {
      const at = new Date(d.getTime() - rule.hours * 3_600_000);
      if (at > from) out.push(at);
      if (out.length === n) break;
    }
    return out;
  }
  const out: Date[] = [];
  let d = localDate(from, ctx.tz);
  const cron = rule.type === "cron" ? parseCron(rule.expr) : null;
  for (let i = 0; i < 400 && out.length < n; i++, d = addDays(d, 1)) {
    if (cron) {
      const [, m, day] = splitDate(d);
      if (!cronDayMatches(cron, m, day, weekdayOf(d))) continue;
      for (const h of cron.hours)
        for (const mi of cron.minutes) {
          const at = atLocal(d, h, mi, ctx.tz);
          if (at > from && out.length < n) out.push(at);
        }
      continue;
    }
    if (!dayMatches(rule, d, ctx)) continue;
    const r = rule as { hour: number; minute: number };
    const at = atLocal(d, r.hour, r.minute, ctx.tz);
    if (at > from) out.push(at);
  }
  return out;
}

export const PHRASE_EXAMPLES = [
  "每天 17:00",
  "工作日 08:30",
  "每周一 09:00",
  "每周一至五 16:00",
  "每周一、三、五 8:00",
  "每月1日 09:00",
  "每月最后一个工作日 15:00",
  "截止前24小时",
];
// cron:0 9 * * 1 is still read (for an operator who knows cron; README), but never offered to an admin as an example.
