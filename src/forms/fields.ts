/**
 * Reads one answer for one field: a value, or a Chinese reason that says what
 * to type instead. Images arrive as WeCom image messages; storing them is the
 * engine's job.
 */
import { formatField, reasons as r } from "../../templates/forms.js";
import { formatTime, parseDate, parseTime, parseTimeWithin } from "./parse/dates.js";
import { normalize } from "./parse/normalize.js";
import { parseNumber } from "./parse/numbers.js";
import type { Answers, Field, FormClock, NumberField, ParseResult } from "./types.js";

// What people answer to a yes/no question on a phone (questions are asked so that yes is the normal state).
const YES = new Set([
  "是",
  "是的",
  "对",
  "对的",
  "有",
  "有的",
  "y",
  "yes",
  "ok",
  "1",
  "好",
  "好的",
  "嗯",
  "嗯嗯",
  "行",
  "可以",
  "收到",
  "正常",
  "无异常",
  "没问题",
  "没有问题",
  "齐全",
  "完好",
  "良好",
  "合格",
  "达标",
  "有效",
  "畅通",
  "通畅",
  "到位",
  "已",
  "已完成",
  "完成",
  "已落实",
  "落实",
  "已开展",
  "已建成",
  "建成",
  "已培训",
  "已建",
  "安全",
  "确认",
  "确定",
  "保存",
  "√",
  "✓",
  "✔",
  "✅",
  "👍",
  "👌",
  "⭕",
]);
const NO = new Set([
  "否",
  "不是",
  "不",
  "没有",
  "没",
  "无",
  "n",
  "no",
  "0",
  "未",
  "未完成",
  "不达标",
  "不合格",
  "不齐全",
  "不正常",
  "异常",
  "有问题",
  "存在问题",
  "不畅通",
  "堵塞",
  "缺",
  "缺失",
  "损坏",
  "未落实",
  "未开展",
  "未建",
  "未建成",
  "没建",
  "未培训",
  "不安全",
  "不到位",
  "×",
  "✗",
  "✘",
  "❌",
]);

/** Emoji and symbols around a word (是👍, 👌好的) say nothing more. */
const DECORATION = /\p{Extended_Pictographic}|\u{FE0F}|\u{200D}/gu;

export function parseYesNo(input: string): boolean | null {
  const s = normalize(input).toLowerCase();
  for (const w of [s, s.replace(DECORATION, "").trim()]) {
    if (YES.has(w)) return true;
    if (NO.has(w)) return false;
  }
  return null;
}

/** Sentences that begin with a normal state ("没问题，都好", "正常，已检查"): yes. Checked before the "not" openings. */
const YES_OPENINGS = [
  "没有问题",
  "没问题",
  "无问题",
  "不存在问题",
  "无异常",
  "没有异常",
  "无隐患",
  "没有隐患",
  "不错",
  "正常",
  "齐全",
  "畅通",
  "完好",
  "良好",
  "合格",
  "达标",
  "已落实",
  "已完成",
  "已培训",
  "已开展",
];
/** Sentences that say what is wrong ("缺两个灭火器", "有问题：插座松动"): no, and the sentence describes the problem. */
const NO_OPENINGS = [
  "存在问题",
  "有问题",
  "有隐患",
  "不畅通",
  "不齐全",
  "不合格",
  "不正常",
  "不到位",
  "不安全",
  "不能",
  "无法",
  "没有",
  "没",
  "损坏",
  "坏了",
  "堵塞",
  "缺少",
  "缺失",
  "过期",
  "未",
  "缺",
];

/**
 * A yes/no answer written as a sentence: "缺两个灭火器" is 否 and says what the problem is, "没问题，都好" is 是.
 * Null when the sentence opens with neither.
 */
export function parseYesNoSentence(input: string): { value: boolean; detail: string } | null {
  const s = normalize(input);
  const opens = (words: string[]) => words.some((w) => s.startsWith(w) && s.length > w.length);
  if (opens(YES_OPENINGS)) return { value: true, detail: "" };
  if (opens(NO_OPENINGS)) return { value: false, detail: input.trim() };
  return null;
}

/** What a choice's options mean, read from their words: the normal state, the problem, and "there is none here". */
function optionRoles(options: readonly string[]): { normal?: string; problem?: string; absent?: string } {
  return {
    normal: options.find((o) => ["正常", "符合要求", "合格", "达标", "良好", "是"].includes(o)),
    problem: options.find((o) => /问题|异常|不符合|不合格/.test(o)),
    absent: options.find((o) => o === "不适用" || o === "不涉及" || /^(无|没有)/.test(o)),
  };
}

/** "没有高层", "无校车", "没有食堂", "不涉及": there is none — but "没问题", "无异常" are the normal state. */
const NONE_HERE = /^(?:没有|无|没|不涉及|不适用|本校没有|学校没有|我校没有|本园没有)(?!.*(?:问题|异常|隐患))/;
/** At a count (its minimum 0 or lower): "没有", "无", "一个也没有" are 0. */
const ZERO = new Set(["没有", "无", "没", "没了", "暂无", "无隐患", "没有隐患", "一个也没有", "一处也没有", "一个都没有", "都没有"]);

function choice(field: Extract<Field, { type: "choice" }>, text: string): ParseResult {
  const n = parseNumber(text);
  if (n && n.unit === "" && Number.isInteger(n.value) && n.value >= 1 && n.value <= field.options.length) {
    return { ok: true, value: field.options[n.value - 1] ?? null };
  }
  const exact = field.options.find((o) => o === text || (o.startsWith(text) && text.length >= 2));
  if (exact) return { ok: true, value: exact };
  const role = optionRoles(field.options);
  if (role.absent && NONE_HERE.test(text)) return { ok: true, value: role.absent };
  // Words, not a lone digit or character (“0”, “不” name no option).
  const yes = text.length < 2 || /^\d+$/.test(text) ? null : (parseYesNo(text) ?? parseYesNoSentence(text)?.value ?? null);
  if (yes === true && role.normal) return { ok: true, value: role.normal };
  if (yes === false && role.problem) return { ok: true, value: role.problem };
  return { ok: false, reason: r.choice(field.options) };
}

/** Units that mean the same for counting. */
const SAME_UNIT: Record<string, string[]> = {
  人: ["名", "位", "个人", "人"],
  名: ["人", "位", "名"],
  位: ["人", "名", "位"],
  所: ["所", "个", "家", "间"],
  个: ["个", "项"],
  天: ["天", "日"],
  门: ["门", "个", "节", "种"],
};

/** Converts a value written in `unit` to the field's base unit; null when the unit does not fit. */
export function toBaseUnit(value: number, unit: string, field: Pick<NumberField, "unit" | "unitAliases">): number | null {
  const u = unit.trim();
  if (u === "" || u === field.unit || field.unitAliases?.includes(u) || SAME_UNIT[field.unit]?.includes(u)) return value;
  if (field.unit === "万元") {
    if (u === "元") return value / 10_000;
    if (u === "亿元" || u === "亿") return value * 10_000;
  }
  if (field.unit === "元" && u === "万元") return value * 10_000;
  return null;
}

function number(field: NumberField, input: string, answers: Answers): ParseResult {
  if ((field.min ?? 0) <= 0 && ZERO.has(input)) return { ok: true, value: 0 };
  // In a field counted in 万元, "3.5万" is 3.5万元 (not 35,000) and "1.2亿" is 1.2亿元.
  const money = field.unit === "万元" ? /^(.*\d)\s*(万|亿)(?:左右|上下)?$/.exec(input) : null;
  const n = parseNumber(money ? `${money[1]}${money[2]}元` : input);
  if (!n) return { ok: false, reason: r.number(exampleNumber(field)) };
  const v = toBaseUnit(n.value, n.unit, field);
  if (v === null) return { ok: false, reason: r.wrongUnit(field.unit, n.unit, exampleNumber(field)) };
  const reason = numberBounds(field, v, answers);
  return reason ? { ok: false, reason } : { ok: true, value: v };
}

/** Why a number in the field's base unit does not fit it (integer, min, max, a bound from other answers), or null. */
function numberBounds(field: NumberField, v: number, answers: Answers): string | null {
  if (field.type === "integer" && !Number.isInteger(v)) return r.integer();
  if (field.min !== undefined && v < field.min) return r.min(field.min, field.unit);
  if (field.max !== undefined && v > field.max) return r.max(field.max, field.unit);
  const dyn = field.maxFrom?.(answers);
  return dyn && v > dyn.max ? r.maxFrom(dyn.why, dyn.max, field.unit) : null;
}

function exampleNumber(field: NumberField): string {
  const ex = field.max !== undefined && field.max < 120 ? Math.min(field.max, 5) : 120;
  return `“${ex}”或“${ex}${field.unit}”`;
}

export function parseField(field: Field, input: string, answers: Answers, clock: FormClock): ParseResult {
  const text = normalize(input);
  switch (field.type) {
    case "yesno": {
      const v = parseYesNo(text);
      if (v !== null) return { ok: true, value: v };
      // "缺两个灭火器": 否, and the words are offered as the problem's description.
      const sentence = parseYesNoSentence(text);
      if (sentence) return { ok: true, value: sentence.value, ...(sentence.detail ? { detail: sentence.detail } : {}) };
      return { ok: false, reason: r.yesNo() };
    }
    case "choice":
      return choice(field, text);
    case "integer":
    case "decimal":
      return number(field, text, answers);
    case "percent": {
      const n = parseNumber(text);
      if (!n || (n.unit !== "" && n.unit !== "%")) return { ok: false, reason: r.percent() };
      if (n.value < 0 || n.value > 100) return { ok: false, reason: r.percentRange() };
      return { ok: true, value: n.value };
    }
    case "date": {
      const d = parseDate(text, clock.today);
      if (!d) return { ok: false, reason: r.date() };
      if (field.notPast && d < clock.today) return { ok: false, reason: r.notPast() };
      if (field.notFuture && d > clock.today) return { ok: false, reason: r.notFuture() };
      return { ok: true, value: d };
    }
    case "time": {
      if (field.window) {
        const t = parseTimeWithin(text, field.window);
        if (t === "outside") return { ok: false, reason: r.timeWindow(field.window.from, field.window.to) };
        return t ? { ok: true, value: formatTime(t) } : { ok: false, reason: r.time() };
      }
      const t = parseTime(text);
      return t ? { ok: true, value: formatTime(t) } : { ok: false, reason: r.time() };
    }
    case "text": {
      const t = input.trim();
      if (t === "") return { ok: false, reason: r.empty() };
      if ([...t].length > field.maxLength) return { ok: false, reason: r.tooLong([...t].length, field.maxLength) };
      return { ok: true, value: t };
    }
    case "image":
      return { ok: false, reason: r.photo(!!field.optional) };
    case "group":
      return { ok: false, reason: "internal: groups are not answered directly" };
  }
}

/** An answer as shown in summaries. */
export function displayValue(field: Field, value: unknown): string {
  return formatField(field.type, value, field.type === "integer" || field.type === "decimal" ? field.unit : "");
}

/**
 * Whether a stored answer still holds with the others: the bounds an answer was parsed against, some of
 * which depend on other answers (maxFrom). A reason when it does not, null when it does.
 */
export function recheckValue(field: Field, value: unknown, answers: Answers): string | null {
  switch (field.type) {
    case "integer":
    case "decimal": {
      if (typeof value !== "number" || !Number.isFinite(value)) return r.number(exampleNumber(field));
      return numberBounds(field, value, answers);
    }
    case "percent":
      return typeof value === "number" && value >= 0 && value <= 100 ? null : r.percentRange();
    case "choice":
      return typeof value === "string" && field.options.includes(value) ? null : r.choice(field.options);
    case "yesno":
      return typeof value === "boolean" ? null : r.yesNo();
    case "time":
      return !field.window || (typeof value === "string" && value >= field.window.from && value <= field.window.to)
        ? null
        : r.timeWindow(field.window.from, field.window.to);
    case "text":
      return typeof value === "string" && [...value].length <= field.maxLength ? null : r.tooLong(String(value).length, field.maxLength);
    default:
      return null;
  }
}
