/** The bot's side of 进度: storing one target's entry (every entry is kept; the latest per unit counts). */
import { progressTexts as t } from "../../templates/progress.js";
import { ProgressContext, progressForm } from "../kinds/capabilities/plan-targets/targets.js";
import { monthOf } from "../reports/periods.js";
import type { FormProvider } from "./conversation.js";

export const progressProvider: FormProvider = {
  id: "progress",
  build: progressForm,
  async submit(ctx, state) {
    const c = ProgressContext.parse(state.context);
    const a = state.answers;
    await ctx.db.$transaction([
      ctx.db.targetProgress.create({
        data: {
          targetId: c.targetId,
          unitId: c.unitId,
          value: typeof a.value === "number" ? a.value : null,
          done: typeof a.done === "boolean" ? a.done : null,
          doneOn: typeof a.doneOn === "string" ? a.doneOn : null,
          note: typeof a.note === "string" ? a.note : "",
          period: monthOf(ctx.today).key,
          byId: ctx.person.id,
          at: ctx.now,
        },
      }),
      ctx.db.conversation.deleteMany({ where: { personId: ctx.person.id } }),
    ]);
    await ctx.audit("progress.report", `target ${c.targetKey} unit ${c.unitId}`, {
      value: (a.value as number | undefined) ?? null,
      done: (a.done as boolean | undefined) ?? null,
    });
    ctx.reply(t.saved(c.targetName));
  },
};
