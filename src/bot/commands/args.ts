/** Reading a command's [期间] argument, with a Chinese reason when unreadable. */
import { reports as t } from "../../../templates/reports.js";
import type { ReportKind } from "../../reports/kinds.js";
import { openPeriod, type Period, parsePeriodWord } from "../../reports/periods.js";
import type { BotContext } from "../context.js";

export function periodArg(ctx: BotContext, kind: ReportKind, word: string | undefined): Period | null {
  if (!word) return openPeriod(kind.periodType, kind.deadline, ctx.now, ctx.tz);
  const p = parsePeriodWord(word, kind.periodType, ctx.today);
  if (!p) {
    ctx.reply(t.badPeriod(word, kind.periodType === "week" ? "本周、上周 或 2022-W10" : "本月、上月 或 2022-03"));
    return null;
  }
  if (p.start > ctx.today) {
    ctx.reply(t.futurePeriod());
    return null;
  }
  return p;
}
