/** A unit's report kinds (安全检查, 课后服务): start the open period's form for the person's own unit. */
import { commandTexts } from "../../../templates/commands.js";
import { reports as t } from "../../../templates/reports.js";
import { periodLabel } from "../../reports/periods.js";
import { type FormKind, hasForm } from "../../reports/plugin.js";
import { reportKinds } from "../../reports/registry.js";
import type { BotContext } from "../context.js";
import type { Conversations } from "../conversation.js";
import { startReport } from "../report-forms.js";
import { periodArg } from "./args.js";
import type { Command } from "./registry.js";

function unitReportCommand(k: FormKind, convos: Conversations): Command {
  const texts = k.texts ?? (commandTexts as Record<string, { describe: string; example: string; refusal: string }>)[k.id];
  if (!texts) throw new Error(`no command texts for report kind ${k.id} (templates/commands.ts)`);
  return {
    id: k.id,
    names: [k.name, k.short],
    alias: k.alias,
    roles: ["principal", "reporter"],
    ...texts,
    async run(ctx: BotContext, args: string[]) {
      const unit = ctx.person.unit;
      if (!k.unitOwes(unit.kind)) return ctx.reply(t.notYourKind(unit.name, k.name));
      const period = periodArg(ctx, k, args[0]);
      if (!period) return;
      if (k.owedIn && !(await k.owedIn(ctx.db, period))) return ctx.reply(t.noTerm(k.name, periodLabel(period)));
      await startReport(ctx, convos, k, { unitId: unit.id, unitName: unit.name, period, subject: "" });
    },
  };
}

/** One command per kind a unit reports with a form of its own (the inspector's 督导 and 进度 have commands of their own). */
export function reportCommands(convos: Conversations): Command[] {
  return reportKinds()
    .filter(hasForm)
    .filter((k) => k.chases === "unit")
    .map((k) => unitReportCommand(k, convos));
}
