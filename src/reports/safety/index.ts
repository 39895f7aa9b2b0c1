/** 安全检查 as a report kind: its form, the hazard ledger on submit, and the 重大 alert. */
import { reports as t } from "../../../templates/reports.js";
import { safetyTexts } from "../../../templates/safety.js";
import { summary } from "../../../templates/summary.js";
import { SCHOOL_KINDS } from "../../domain/units.js";
import { builtinSpec } from "../../kinds/builtin.js";
import { hazardsOf } from "../../kinds/capabilities/hazard-ledger/form.js";
import { REPORT_KINDS } from "../kinds.js";
import { isOneOf, unitsOfKinds } from "../owes.js";
import type { Purpose, ReportPlugin } from "../plugin.js";
import type { KindModule } from "../report-form.js";
import { hazardFigures, hazardsNeedingAction } from "./figures.js";
import { openHazards, syncHazards } from "./hazards.js";

/** Its group: reminders' escalations and the 重大 alerts go there. */
const PURPOSE: Purpose = "安全";

const spec = builtinSpec("safety");
const ledger = spec.capabilities.hazardLedger;
if (!ledger) throw new Error("the safety spec names no hazardLedger");

export const safetyModule: KindModule = {
  form: (title, context) => spec.form(title, context),
  // The school's facts are kept apart from its weekly answers (asked once): they win over last week's report.
  ...spec.prefill,
  async stillOpen(db, unitId, today) {
    const open = await openHazards(db, unitId, today);
    return open.length ? [safetyTexts.stillOpen(open.map(safetyTexts.hazardLine))] : [];
  },
  async afterSave(tx, ctx, reportId, answers, context) {
    const numbers = await syncHazards(tx, context.unitId, reportId, hazardsOf(ledger, answers), ctx.now);
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
        await ctx.notify(PURPOSE, safetyTexts.majorAlert(h.unit.name, h.number, h.description, h.deadline, h.responsible, ctx.person.name));
        await ctx.db.hazard.update({ where: { id: h.id }, data: { alertedAt: ctx.now } });
      } catch (err) {
        ctx.log.error({ err: err instanceof Error ? err.message : String(err), hazard: h.id }, "重大 hazard alert failed");
      }
    }
  },
};

/** Every school owes it each week; its reminders and 重大 alerts go to the 安全 group. */
export const safetyKind: ReportPlugin = {
  ...REPORT_KINDS.safety,
  purpose: PURPOSE,
  chases: "unit",
  unitOwes: isOneOf(SCHOOL_KINDS),
  data: spec.data ?? undefined,
  hazardLedger: true,
  owingEveryPeriod: true,
  owing: (db, _period, _at, units) => unitsOfKinds(db, SCHOOL_KINDS, units),
  async attention(db, at) {
    const f = await hazardsNeedingAction(db, at.today);
    return [...(f.overdue ? [summary.attentionHazards(f.overdue, f.firstOverdue)] : []), ...f.majorOpen.map(summary.majorOpen)];
  },
  async summaryLines(db, period, at) {
    const f = await hazardFigures(db, period.key, at.today);
    return [
      summary.hazardsNew(f.found, f.bySeverity),
      summary.hazardsOpen(f.open, f.overdue),
      ...f.majorOpen.map((h) => summary.majorLine(h.unit, h.number, h.description)),
    ];
  },
  module: safetyModule,
};
