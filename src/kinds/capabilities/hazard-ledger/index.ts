/**
 * The hazard ledger as a capability (隐患即事故): a report's hazards enter the ledger inside its transaction, a 重大
 * one is pushed to the kind's group at once, open ones are shown above a prefilled summary, 汇总 and the 周报 lead
 * with 重大 and overdue ones, 我的 counts the unit's open ones, and the kind's words may read `hazards`.
 */
import { reports as t } from "../../../../templates/reports.js";
import { safetyTexts } from "../../../../templates/safety.js";
import { summary } from "../../../../templates/summary.js";
import { views as v } from "../../../../templates/views.js";
import { lazy } from "../../figures.js";
import type { CapabilityParts, KindBasics } from "../parts.js";
import { hazardFigures, hazardsNeedingAction, newMajorHazards } from "./figures.js";
import { hazardsOf } from "./form.js";
import { openHazards, syncHazards } from "./ledger.js";
import type { HazardLedgerOptions } from "./options.js";

const dateZh = (d: string) => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

export function hazardLedger(o: HazardLedgerOptions, k: KindBasics): CapabilityParts {
  return {
    kind: {
      hazardLedger: true,
      async attention(db, at) {
        const f = await hazardsNeedingAction(db, at.today);
        return [...(f.overdue ? [summary.attentionHazards(f.overdue, f.firstOverdue)] : []), ...f.majorOpen.map(summary.majorOpen)];
      },
      async summaryLines(db, period, at) {
        const f = await hazardFigures(db, k.id, period.key, at.today);
        return [
          summary.hazardsNew(f.found, f.bySeverity),
          summary.hazardsOpen(f.open, f.overdue),
          ...f.majorOpen.map((h) => summary.majorLine(h.unit, h.number, h.description)),
        ];
      },
      async meLines(db, unit, at) {
        if (!k.owes(unit)) return [];
        const hz = await openHazards(db, unit.id, at.today);
        return [v.meHazards(hz.length, hz.filter((h) => h.overdue).length)];
      },
    },
    form: {
      async stillOpen(db, unitId, today) {
        const open = await openHazards(db, unitId, today);
        return open.length ? [safetyTexts.stillOpen(open.map(safetyTexts.hazardLine))] : [];
      },
      async afterSave(tx, ctx, reportId, answers, context) {
        const numbers = await syncHazards(tx, context.unitId, reportId, hazardsOf(o, answers), ctx.now);
        return [t.hazardsRecorded(numbers)];
      },
      async afterCommit(ctx, reportId) {
        if (!ctx.notify) return;
        const major = await ctx.db.hazard.findMany({
          where: { reportId, severity: "重大", status: "open", alertedAt: null },
          include: { unit: true },
        });
        for (const h of major) {
          try {
            await ctx.notify(
              k.purpose,
              safetyTexts.majorAlert(h.unit.name, h.number, h.description, h.deadline, h.responsible, ctx.person.name),
            );
            await ctx.db.hazard.update({ where: { id: h.id }, data: { alertedAt: ctx.now } });
          } catch (err) {
            ctx.log.error({ err: err instanceof Error ? err.message : String(err), hazard: h.id }, "重大 hazard alert failed");
          }
        }
      },
    },
    /**
     * `hazards`: found in the period (`found`, `major`), open and overdue now, and 重大 ones found in the last day
     * (`newMajor`, for the 日报).
     */
    figures(scope, db, period, at) {
      let period$: ReturnType<typeof hazardFigures> | null = null;
      const ofPeriod = () => {
        period$ ??= hazardFigures(db, k.id, period.key, at.today);
        return period$;
      };
      const hazards = {};
      lazy(hazards, "found", async () => (await ofPeriod()).found);
      lazy(hazards, "major", async () => (await ofPeriod()).bySeverity.重大 ?? 0);
      lazy(hazards, "open", async () => (await ofPeriod()).open);
      lazy(hazards, "overdue", async () => (await ofPeriod()).overdue);
      lazy(hazards, "newMajor", async () => (await newMajorHazards(db, at.now)).map((h) => ({ ...h, deadline: dateZh(h.deadline) })));
      scope.hazards = hazards;
    },
  };
}
