/**
 * Numbers as people write them: 120, 120人, １２０, 一百二十, 两千五, 1.2万,
 * 2.5万人次, 1,200, 98%, 百分之九十八. Returns the value and the unit written
 * after it (if any); the form checks that the unit fits.
 */
import { normalize } from "./normalize.js";

const DIGIT: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  壹: 1,
  二: 2,
  两: 2,
  贰: 2,
  三: 3,
  叁: 3,
  四: 4,
  肆: 4,
  五: 5,
  伍: 5,
  六: 6,
  陆: 6,
  七: 7,
  柒: 7,
  八: 8,
  捌: 8,
  九: 9,
  玖: 9,
};
const SMALL: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };
const BIG: Record<string, number> = { 万: 10_000, 亿: 100_000_000 };
const CN_CHARS = `${Object.keys(DIGIT).join("")}${Object.keys(SMALL).join("")}${Object.keys(BIG).join("")}点`;

/** 一百二十 → 120, 两千五 → 2500, 十五 → 15, 一万二 → 12000, 一百零五 → 105, 三点五 → 3.5; null if not a numeral. */
export function parseChineseNumeral(s: string): number | null {
  if (!s || [...s].some((c) => !CN_CHARS.includes(c))) return null;
  const [intPart = "", frac, extra] = s.split("点");
  if (extra !== undefined) return null;
  if (frac !== undefined) {
    if (frac === "" || ![...frac].every((c) => c in DIGIT)) return null;
    const whole = intPart === "" ? 0 : parseChineseNumeral(intPart);
    if (whole === null) return null;
    return Number(`${whole}.${[...frac].map((c) => DIGIT[c]).join("")}`);
  }
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  let lastUnit = 0;
  let zero = false;
  for (const c of intPart) {
    if (c in DIGIT) {
      const d = DIGIT[c] ?? 0;
      if (d === 0) {
        zero = true;
        if (digit !== null && digit !== 0) return null;
        digit = 0;
        continue;
      }
      if (digit !== null && digit !== 0) return null; // 二三 is not a number
      digit = d;
    } else if (c in SMALL) {
      const u = SMALL[c] ?? 1;
      if (digit === null && !(u === 10 && section === 0 && total === 0)) return null; // 十五 may omit 一
      if (lastUnit !== 0 && u >= lastUnit && lastUnit < 10_000) return null; // 百十 out of order
      section += (digit ?? 1) * u;
      lastUnit = u;
      digit = null;
      zero = false;
    } else {
      const u = BIG[c] ?? 1;
      section += digit ?? 0;
      if (section === 0 && total === 0) return null;
      total = (total + section) * u;
      section = 0;
      digit = null;
      lastUnit = u;
      zero = false;
    }
  }
  if (digit !== null) {
    // 两千五 = 2500 and 一万二 = 12000 (one step below the last unit); 一百零五 = 105.
    section += !zero && lastUnit >= 100 ? digit * (lastUnit / 10) : digit;
  }
  return total + section;
}

export type ParsedNumber = { value: number; unit: string };

const ARABIC = /^([+-]?\d{1,3}(?:,\d{3})+|[+-]?\d+)(?:\.(\d+))?\s*(万|千|百|亿|w|W|k|K)?/;

/** Reads a number and the unit after it; null when the text does not start with a number. */
export function parseNumber(input: string): ParsedNumber | null {
  // "About", "in all" and "or so" change nothing: 约120、共120人、120人左右.
  let s = normalize(input)
    .replace(/(\d)。(\d)/g, "$1.$2") // a phone's full stop between digits is a decimal point
    // … and neither do the verbs people put before a figure: 已完成1所, 新增3个, 达到95%.
    .replace(
      /^(?:约|大约|大概|共|共计|合计|总共|累计|已累计|已完成|完成了|完成|已有|现有|新增了|新增|已新增|已达到|达到了|达到|已达|达|已建成|建成了|建成)/,
      "",
    )
    .replace(/(?:左右|上下)$/, "")
    .trim();
  if (s === "百分之百") return { value: 100, unit: "%" };
  const pct = /^百分之(.+)$/.exec(s);
  if (pct?.[1]) {
    const v = parseNumber(pct[1]);
    return v && v.unit === "" ? { value: v.value, unit: "%" } : null;
  }
  const m = ARABIC.exec(s);
  if (m) {
    const base = Number(`${(m[1] ?? "0").replaceAll(",", "")}${m[2] ? `.${m[2]}` : ""}`);
    const mult = m[3] ? (({ 万: 1e4, w: 1e4, W: 1e4, 千: 1e3, k: 1e3, K: 1e3, 百: 100, 亿: 1e8 } as Record<string, number>)[m[3]] ?? 1) : 1;
    s = s.slice(m[0].length).trim();
    return { value: round(base * mult), unit: s };
  }
  let i = 0;
  const chars = [...s];
  while (i < chars.length && CN_CHARS.includes(chars[i] ?? "")) i++;
  if (i === 0) return null;
  const v = parseChineseNumeral(chars.slice(0, i).join(""));
  if (v !== null) return { value: v, unit: chars.slice(i).join("").trim() };
  // 五十万元 reads whole; 五十万 followed by 元 too. Nothing else backs off.
  return null;
}

function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
