/**
 * Words after a report's name that prefill its form (docs/DESIGN.md: `<报表> 无异常`, `<报表> 同上期`), typed or
 * carried by a card's button; what is left is the period.
 */
import type { StartAs } from "../report-forms.js";

/** Words after a report's name that prefill its form (docs/DESIGN.md: `<报表> 无异常`, `<报表> 同上期`). */
export const ALL_CLEAR_WORDS = ["无异常", "一切正常", "正常", "没问题", "无隐患"] as const;
export const SAME_WORDS = [
  "同上期",
  "同上周",
  "同上月",
  "同上次",
  "与上期相同",
  "与上周相同",
  "与上月相同",
  "和上周一样",
  "和上月一样",
] as const;

/** How the form starts, and the arguments left (the period). */
export function startAs(args: string[]): { as: StartAs; rest: string[] } {
  const words = args.map((a) => a.replace(/[，,。.！!]+$/u, ""));
  const i = words.findIndex((a) => (ALL_CLEAR_WORDS as readonly string[]).includes(a) || (SAME_WORDS as readonly string[]).includes(a));
  if (i < 0) return { as: "blank", rest: args };
  const as: StartAs = (SAME_WORDS as readonly string[]).includes(words[i] ?? "") ? "same" : "allClear";
  return { as, rest: args.filter((_, j) => j !== i) };
}
