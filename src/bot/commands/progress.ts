/** 进度 (a kind with plan targets): the unit's plan targets with current value and goal; 进度 N: update one. */
import { progressTexts as t } from "../../../templates/progress.js";
import { parseNumber } from "../../forms/parse/numbers.js";
import { latestEntry, type PerUnit, type ProgressContext, targetsForUnit } from "../../kinds/capabilities/plan-targets/targets.js";
import type { Kind } from "../../kinds/kind.js";
import { activePlan } from "../../plan/load-plan.js";
import type { Conversations } from "../conversation.js";
import type { Command } from "./registry.js";

/** The command of a kind with plan targets (进度): its name, alias and texts are its spec's. */
export function progressCommand(kind: Kind, convos: Conversations): Command {
  return {
    id: kind.id,
    names: [...new Set([kind.name, kind.short])],
    alias: kind.alias,
    roles: ["principal", "reporter"],
    ...kind.texts,
    async run(ctx, args) {
      const plan = await activePlan(ctx.db, ctx.now, ctx.tz);
      if (!plan) return ctx.reply(t.noPlan());
      const unit = ctx.person.unit;
      const targets = await targetsForUnit(ctx.db, plan.id, unit);
      if (!targets.length) return ctx.reply(t.none(unit.name));
      /** A target's current value for this unit, as the list and the form's question show it. */
      const currentOf = async (x: (typeof targets)[number]) => {
        const e = await latestEntry(ctx.db, x.id, unit.id);
        const per = x.perUnit as PerUnit | null;
        const measure = per?.measure ?? x.measure ?? "";
        if (x.kind === "milestone") return e?.done ? t.milestoneDone(e.doneOn) : e ? t.milestoneOpen() : t.notReported();
        return e?.value !== null && e?.value !== undefined ? t.value(e.value, measure) : t.notReported();
      };
      if (args[0] === undefined) {
        const lines: string[] = [];
        for (const [i, x] of targets.entries()) {
          const per = x.perUnit as PerUnit | null;
          const goal = per ? t.goal(per.comparator, per.value, null, per.measure) : t.goal(x.comparator, x.value, x.valueMax, x.measure);
          lines.push(t.line(i + 1, `${x.item.code} ${x.name}`, await currentOf(x), goal));
        }
        return ctx.reply(t.listHeading(unit.name, plan.title), ...lines, "", t.listFooter());
      }
      const n = parseNumber(args[0]);
      const target = n && n.unit === "" && Number.isInteger(n.value) ? targets[n.value - 1] : undefined;
      if (!target) return ctx.reply(t.badIndex(targets.length));
      const per = target.perUnit as PerUnit | null;
      const context: ProgressContext = {
        unitId: unit.id,
        unitName: unit.name,
        targetId: target.id,
        targetKey: target.key,
        targetName: target.name,
        targetKind: target.kind === "milestone" ? "milestone" : "quantity",
        entryMeasure: per?.measure ?? target.measure ?? "",
        perUnit: per ? 1 : 0,
        perGoal: per ? t.goal(per.comparator, per.value, null, per.measure) : "",
        current: await currentOf(target),
      };
      await convos.start(ctx, "progress", context, []);
    },
  };
}
