/** 汇总 [报表] [期间] and 未填报 <报表> [期间]: for viewers and admins. */
import { commandTexts } from "../../../templates/commands.js";
import { summary as t } from "../../../templates/summary.js";
import type { ReportKind } from "../../reports/kinds.js";
import { openPeriod, type Period } from "../../reports/periods.js";
import { kindByWord, pluginOf, reportKinds } from "../../reports/registry.js";
import { formTitle } from "../../reports/report-form.js";
import { periodStatus } from "../../reports/status.js";
import { kindSummary } from "../../reports/summary.js";
import type { BotContext } from "../context.js";
import { periodArg } from "./args.js";
import type { Command } from "./registry.js";

function kindAndPeriod(ctx: BotContext, args: string[]): { kind: ReportKind; period: Period } | null | "all" {
  if (!args[0]) return "all";
  const kind = kindByWord(args[0]);
  if (!kind) return null;
  const period = periodArg(ctx, kind, args[1]);
  return period ? { kind, period } : null;
}

export function summaryCommand(): Command {
  return {
    id: "summary",
    names: ["汇总"],
    alias: "/summary",
    roles: ["viewer", "admin"],
    ...commandTexts.summary,
    async run(ctx, args) {
      const r = kindAndPeriod(ctx, args);
      if (r === null) {
        if (!ctx.replies.length) ctx.reply(t.usageSummary());
        return;
      }
      const parts: string[] = [];
      const kinds = r === "all" ? reportKinds() : [r.kind];
      for (const kind of kinds) {
        const period = r === "all" ? openPeriod(kind.periodType, kind.deadline, ctx.now, ctx.tz) : r.period;
        parts.push(await kindSummary(ctx.db, kind, period, ctx.now, ctx.tz, ctx.today));
      }
      ctx.replyMarkdown(parts.join("\n\n"));
    },
  };
}

export function missingCommand(): Command {
  return {
    id: "missing",
    names: ["未填报"],
    alias: "/missing",
    roles: ["viewer", "admin"],
    ...commandTexts.missing,
    async run(ctx, args) {
      const kind = args[0] ? kindByWord(args[0]) : null;
      if (!kind) return ctx.reply(t.usageMissing());
      const period = periodArg(ctx, kind, args[1]);
      if (!period) return;
      const status = await periodStatus(ctx.db, kind, period, ctx.now, ctx.tz);
      const missing = status.filter((s) => !s.report);
      const plugin = pluginOf(kind);
      const names = missing.map((s) => plugin.missingName?.(s) ?? s.unitName);
      ctx.reply(
        t.missingList(
          formTitle(kind, { unitId: 0, unitName: "", period, subject: "" }),
          names,
          missing.some((s) => s.overdue),
        ),
      );
    },
  };
}
