/** 课后服务 (monthly, during terms): its spec (prisma/data/kinds/afterschool.json) and the participation rate. */
import { reports } from "../../../templates/reports.js";
import { summary } from "../../../templates/summary.js";
import { builtinSpec } from "../../kinds/builtin.js";
import { REPORT_KINDS } from "../kinds.js";
import { AFTERSCHOOL_KINDS, inTerm, isOneOf, unitsOfKinds } from "../owes.js";
import type { ReportPlugin } from "../plugin.js";
import type { KindModule } from "../report-form.js";
import { participation } from "./figures.js";

const spec = builtinSpec("afterschool");

/** Participation rate in percent, one decimal. */
export function participationRate(a: { enrolled?: unknown; participants?: unknown }): number | null {
  const e = Number(a.enrolled);
  const p = Number(a.participants);
  return e > 0 && Number.isFinite(p) ? Math.round((p / e) * 1000) / 10 : null;
}

export const afterschoolModule: KindModule = {
  form: (title, context) => spec.form(title, context),
  ...spec.prefill,
  async afterSave(_tx, _ctx, _id, answers) {
    const rate = participationRate(answers);
    return rate === null ? [] : [reports.participationRate(rate)];
  },
};

/** 小学, 初中 and 九年一贯制 owe it each month that a school term overlaps (no after-school service in the holidays). */
export const afterschoolKind: ReportPlugin = {
  ...REPORT_KINDS.afterschool,
  purpose: "课后",
  chases: "unit",
  unitOwes: isOneOf(AFTERSCHOOL_KINDS),
  owedIn: inTerm,
  data: spec.data ?? undefined,
  owing: async (db, period, _at, units) => ((await inTerm(db, period)) ? unitsOfKinds(db, AFTERSCHOOL_KINDS, units) : []),
  async summaryLines(db, period) {
    const f = await participation(db, period.key);
    return f.reports ? [summary.participation(f.participants, f.enrolled), summary.lowest(f.rates.slice(0, 3))] : [];
  },
  module: afterschoolModule,
};
