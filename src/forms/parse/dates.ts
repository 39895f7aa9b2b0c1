/**
 * Dates and times as people write them. Dates: 今天, 昨天, 前天, 明天, 后天,
 * 周五 / 本周五 / 下周一, 3月5日 (the nearest such date, past or coming — right
 * across New Year), 3.5, 2022-03-05, 2022/3/5, 2022年3月5日. Times: 17:30,
 * 17点30, 17点半, 下午5点半, 晚上8点, 5:30 pm. Also 大后天, 3天后 / 一周后 / 两周后,
 * 月底, 下月5日, 20261205; times 17.30, 1730, 17:30:00.
 */
import { addDays, dayNumber, isValidDate, type LocalDate, weekdayOf, ymd } from "../../time/zoned.js";
import { normalize } from "./normalize.js";
import { parseChineseNumeral } from "./numbers.js";

const RELATIVE: Record<string, number> = {
  今天: 0,
  今日: 0,
  昨天: -1,
  昨日: -1,
  前天: -2,
  明天: 1,
  明日: 1,
  后天: 2,
  大后天: 3,
};
const WEEKDAY: Record<string, number> = {
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  日: 7,
  天: 7,
  "1": 1,
  "2": 2,
  "3": 3,
  "4": 4,
  "5": 5,
  "6": 6,
  "7": 7,
};

function num(s: string | undefined): number | null {
  if (s === undefined || s === "") return null;
  if (/^\d+$/.test(s)) return Number(s);
  return parseChineseNumeral(s);
}

/** Parses a date relative to `today` (a local date in the bot's timezone); null if unreadable or invalid. */
export function parseDate(input: string, today: LocalDate): LocalDate | null {
  const s = normalize(input).replace(/\s+/g, "");
  if (s in RELATIVE) return addDays(today, RELATIVE[s] ?? 0);
  const week = /^(本|这|下|上)?(?:周|星期|礼拜)([一二三四五六日天1-7])$/.exec(s);
  if (week) {
    const target = WEEKDAY[week[2] ?? ""] ?? 1;
    const shift = week[1] === "下" ? 7 : week[1] === "上" ? -7 : 0;
    return addDays(today, target - weekdayOf(today) + shift);
  }
  // N天后 / N周后 (一周后, 两周后, 10天后)
  const later = /^([0-9一二三四五六七八九十两]{1,3})(天|日|周|个星期|星期)[以之]?后$/.exec(s);
  if (later) {
    const n = num(later[1]);
    if (n === null) return null;
    return addDays(today, later[2] === "天" || later[2] === "日" ? n : n * 7);
  }
  const [ty, tm] = today.split("-").map(Number) as [number, number];
  // 月底 / 本月底: the last day of this month; 下月5日 / 下个月5号: a day of next month.
  if (s === "月底" || s === "本月底" || s === "这个月底") return addDays(ymd(tm === 12 ? ty + 1 : ty, tm === 12 ? 1 : tm + 1, 1), -1);
  const nextMonth = /^下(?:个)?月([0-9一二三四五六七八九十]{1,3})[日号]$/.exec(s);
  if (nextMonth) {
    const d = num(nextMonth[1]);
    const [y, m] = tm === 12 ? [ty + 1, 1] : [ty, tm + 1];
    return d !== null && isValidDate(y, m, d) ? ymd(y, m, d) : null;
  }
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (compact) {
    const [y, m, d] = [Number(compact[1]), Number(compact[2]), Number(compact[3])];
    return isValidDate(y, m, d) ? ymd(y, m, d) : null;
  }
  const full = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})[日号]?$/.exec(s);
  if (full) {
    const [y, m, d] = [Number(full[1]), Number(full[2]), Number(full[3])];
    return isValidDate(y, m, d) ? ymd(y, m, d) : null;
  }
  const short = /^([0-9一二三四五六七八九十]{1,3})[月/.-]([0-9一二三四五六七八九十]{1,3})[日号]?$/.exec(s);
  if (short) {
    const m = num(short[1]);
    const d = num(short[2]);
    if (m === null || d === null) return null;
    return nearest(m, d, today);
  }
  const dayOnly = /^([0-9一二三四五六七八九十]{1,3})[日号]$/.exec(s);
  if (dayOnly) {
    const d = num(dayOnly[1]);
    if (d === null) return null;
    return nearest(tm, d, today, ty);
  }
  return null;
}

/** The date with this month and day nearest to today: last year, this year or next. */
function nearest(month: number, day: number, today: LocalDate, hintYear?: number): LocalDate | null {
  const [ty] = today.split("-").map(Number) as [number];
  const years = hintYear ? [hintYear] : [ty - 1, ty, ty + 1];
  const candidates = years.filter((y) => isValidDate(y, month, day)).map((y) => ymd(y, month, day));
  if (!candidates.length) return null;
  const t = dayNumber(today);
  return candidates.reduce((best, c) => (Math.abs(dayNumber(c) - t) < Math.abs(dayNumber(best) - t) ? c : best));
}

export type LocalTime = { hour: number; minute: number };

/** Parses a time of day; null if unreadable. 下午/晚上/傍晚 add 12 hours to 1–11. */
export function parseTime(input: string): LocalTime | null {
  let s = normalize(input).replace(/\s+/g, "").toLowerCase();
  let pm = false;
  let am = false;
  const prefix = /^(上午|早上|早晨|凌晨|中午|下午|傍晚|晚上|夜里|am|pm)/.exec(s);
  if (prefix) {
    const p = prefix[1] ?? "";
    pm = ["下午", "傍晚", "晚上", "夜里", "pm"].includes(p);
    am = ["上午", "早上", "早晨", "凌晨", "am"].includes(p);
    s = s.slice(p.length);
  }
  const suffix = /(am|pm)$/.exec(s);
  if (suffix) {
    pm = suffix[1] === "pm";
    am = suffix[1] === "am";
    s = s.slice(0, -2);
  }
  let hour: number | null = null;
  let minute: number | null = 0;
  // 17:30, 17.30, 1730, 17:30:00
  const colon = /^(\d{1,2})[:：.](\d{2})(?::00)?$/.exec(s) ?? /^(\d{2})(\d{2})$/.exec(s);
  const dian = /^([0-9一二三四五六七八九十两]{1,3})[点时](半|一刻|三刻|([0-9一二三四五六七八九十]{1,3})分?)?$/.exec(s);
  if (colon) {
    hour = Number(colon[1]);
    minute = Number(colon[2]);
  } else if (dian) {
    hour = num(dian[1]);
    const rest = dian[2];
    minute = rest === undefined ? 0 : rest === "半" ? 30 : rest === "一刻" ? 15 : rest === "三刻" ? 45 : num(dian[3]);
  } else return null;
  if (hour === null || minute === null || hour > 24 || minute > 59) return null;
  if (pm && hour >= 1 && hour <= 11) hour += 12;
  if (am && hour === 12) hour = 0;
  if (hour === 24 && minute === 0) hour = 0;
  if (hour > 23) return null;
  return { hour, minute };
}

/** "HH:MM" → minutes after midnight. */
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * A time expected inside a window ("12:00"–"22:00" for when after-school service ends): an hour written without
 * 上午/下午 (五点半, 5:30) is read in the window (17:30); null when neither reading falls inside it.
 */
export function parseTimeWithin(input: string, window: { from: string; to: string }): LocalTime | "outside" | null {
  const t = parseTime(input);
  if (!t) return null;
  const inside = (x: LocalTime) => {
    const m = x.hour * 60 + x.minute;
    return m >= minutesOf(window.from) && m <= minutesOf(window.to);
  };
  if (inside(t)) return t;
  const marked = /上午|早上|早晨|凌晨|中午|下午|傍晚|晚上|夜里|am|pm/i.test(input);
  const other = t.hour < 12 ? { hour: t.hour + 12, minute: t.minute } : { hour: t.hour - 12, minute: t.minute };
  return !marked && inside(other) ? other : "outside";
}

export function formatTime(t: LocalTime): string {
  return `${String(t.hour).padStart(2, "0")}:${String(t.minute).padStart(2, "0")}`;
}
