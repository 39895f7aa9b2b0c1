/** 安全检查 and 课后服务: start the open period's form for the person's own unit. */
import { commandTexts } from "../../../templates/commands.js";
import { reports as t } from "../../../templates/reports.js";
import { afterschoolModule } from "../../reports/afterschool/index.js";
import { inTerm, kindOwes } from "../../reports/owes.js";
import { periodLabel } from "../../reports/periods.js";
import { type KindModule, startReport } from "../../reports/report-form.js";
import { safetyModule } from "../../reports/safety/index.js";
import type { BotContext } from "../context.js";
import type { Conversations } from "../conversation.js";
import { periodArg } from "./args.js";
import type { Command } from "./registry.js";

function unitReportCommand(mod: KindModule, texts: (typeof commandTexts)["safety" | "afterschool"], convos: Conversations): Command {
  const k = mod.kind;
  return {
    id: k.id,
    names: [k.name, k.short],
    alias: k.alias,
    roles: ["principal", "reporter"],
    ...texts,
    async run(ctx: BotContext, args: string[]) {
      const unit = ctx.person.unit;
      if (!kindOwes(k.id, unit.kind)) return ctx.reply(t.notYourKind(unit.name, k.name));
      const period = periodArg(ctx, k, args[0]);
      if (!period) return;
      if (k.id === "afterschool" && !(await inTerm(ctx.db, period))) return ctx.reply(t.noTerm(k.name, periodLabel(period)));
      await startReport(ctx, convos, mod, { unitId: unit.id, unitName: unit.name, period, subject: "" });
    },
  };
}

export function reportCommands(convos: Conversations): Command[] {
  return [
    unitReportCommand(safetyModule, commandTexts.safety, convos),
    unitReportCommand(afterschoolModule, commandTexts.afterschool, convos),
  ];
}
