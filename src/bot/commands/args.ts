/** Reading a command's [期间] argument, with a Chinese reason when unreadable. */
import { reports as t } from "../../../templates/reports.js";
import {
  type DeadlineRule,
  monthOf,
  openPeriod,
  type Period,
  type PeriodType,
  parsePeriodWord,
  previous,
  weekOf,
} from "../../reports/periods.js";
import type { BotContext } from "../context.js";

export function periodArg(
  ctx: BotContext,
  kind: { periodType: PeriodType; deadline: DeadlineRule },
  word: string | undefined,
): Period | null {
  if (!word) return openPeriod(kind.periodType, kind.deadline, ctx.now, ctx.tz);
  const p = parsePeriodWord(word, kind.periodType, ctx.today);
  if (!p) {
    const example =
      kind.periodType === "week" ? `本周、上周 或 ${previous(weekOf(ctx.today)).key}` : `本月、上月 或 ${previous(monthOf(ctx.today)).key}`;
    ctx.reply(t.badPeriod(word, example));
    return null;
  }
  if (p.start > ctx.today) {
    ctx.reply(t.futurePeriod());
    return null;
  }
  return p;
}
