/** 汇总 [报表] [期间] and 未填报 <报表> [期间]: for viewers and admins. */
import { commandTexts } from "../../../templates/commands.js";
import { summary as t } from "../../../templates/summary.js";
import type { Kind } from "../../kinds/kind.js";
import { attentionLines, type GroupBy, kindSummary } from "../../kinds/summary.js";
import { openPeriod, type Period } from "../../reports/periods.js";
import { formTitle } from "../../reports/report-form.js";
import { periodStatus } from "../../reports/status.js";
import type { BotContext } from "../context.js";
import { periodArg } from "./args.js";
import type { Command } from "./registry.js";

const GROUP_WORDS: Record<string, GroupBy> = { 按乡镇: "township", 按镇: "township", 按类型: "kind", 按学段: "kind" };

function kindAndPeriod(ctx: BotContext, args: string[]): { kind: Kind; period: Period } | null | "all" {
  if (!args[0]) return "all";
  const kind = ctx.kinds.byWord(args[0]);
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
    async run(ctx, all) {
      // 按乡镇 / 按类型 may come anywhere after the report's name.
      const by = all.map((a) => GROUP_WORDS[a]).find((g) => g !== undefined);
      const args = all.filter((a) => GROUP_WORDS[a] === undefined);
      const r = kindAndPeriod(ctx, args);
      if (r === null || (r === "all" && by)) {
        if (!ctx.replies.length) ctx.reply(t.usageSummary());
        return;
      }
      if (r !== "all") {
        ctx.replyMarkdown(await kindSummary(ctx.db, r.kind, r.period, ctx.now, ctx.tz, ctx.today, by ? { by } : {}));
        return;
      }
      // Everything at once: what needs action first, then each kind in a few lines.
      const attention = await attentionLines(ctx.db, ctx.kinds, ctx.now, ctx.tz, ctx.today);
      const parts = [[t.attentionHeading(), ...(attention.length ? attention : [t.nothingNeedsAction()])].join("\n")];
      for (const kind of ctx.kinds.all()) {
        const period = openPeriod(kind.periodType, kind.deadline, ctx.now, ctx.tz);
        parts.push(await kindSummary(ctx.db, kind, period, ctx.now, ctx.tz, ctx.today, { brief: true }));
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
      const kind = args[0] ? ctx.kinds.byWord(args[0]) : null;
      if (!kind) return ctx.reply(t.usageMissing());
      const period = periodArg(ctx, kind, args[1]);
      if (!period) return;
      const status = await periodStatus(ctx.db, kind, period, ctx.now, ctx.tz);
      if (!status.length) return ctx.reply(t.noneOwed(formTitle(kind, { unitId: 0, unitName: "", period, subject: "" })));
      const missing = status.filter((s) => !s.report);
      // Beside each unit, its principal: the person to call.
      const principals = new Map<number, string[]>();
      if (!kind.missingName && missing.length) {
        const owing = new Set(missing.map((s) => s.unitId));
        const people = await ctx.db.person.findMany({
          where: { active: true, roles: { some: { role: "principal" } } },
          select: { unitId: true, name: true },
          orderBy: { id: "asc" },
        });
        for (const p of people) if (owing.has(p.unitId)) principals.set(p.unitId, [...(principals.get(p.unitId) ?? []), p.name]);
      }
      const names = missing.map((s) => kind.missingName?.(s) ?? t.withPrincipal(s.unitName, principals.get(s.unitId) ?? []));
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
