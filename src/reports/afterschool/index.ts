/** 课后服务 (monthly, during terms): the form and the participation rate. */
import { ask, questions } from "../../../templates/questions.js";
import { reports } from "../../../templates/reports.js";
import { summary } from "../../../templates/summary.js";
import type { Answers, FormDef } from "../../forms/types.js";
import { REPORT_KINDS } from "../kinds.js";
import { AFTERSCHOOL_KINDS, inTerm, isOneOf, unitsOfKinds } from "../owes.js";
import type { ReportPlugin } from "../plugin.js";
import type { KindModule } from "../report-form.js";
import { AfterschoolData } from "./data.js";
import { participation } from "./figures.js";

const q = questions.afterschool;

export function afterschoolForm(title: string): FormDef {
  return {
    id: "afterschool",
    title,
    fields: [
      { key: "enrolled", type: "integer", ...ask(q.enrolled), unit: "人", min: 1, max: 20_000 },
      {
        key: "participants",
        type: "integer",
        ...ask(q.participants),
        unit: "人",
        min: 0,
        maxFrom: (a) => (typeof a.enrolled === "number" ? { max: a.enrolled, why: q.participantsBound[0] } : null),
      },
      { key: "teachers", type: "integer", ...ask(q.teachers), unit: "人", min: 0, max: 3_000 },
      { key: "daysPerWeek", type: "integer", ...ask(q.daysPerWeek), unit: "天", min: 0, max: 7 },
      // After-school service ends in the afternoon or evening: 五点半 and 5:30 are 17:30.
      { key: "endTime", type: "time", ...ask(q.endTime), window: { from: "12:00", to: "22:00" }, when: (a) => a.daysPerWeek !== 0 },
      { key: "specialCourses", type: "integer", ...ask(q.specialCourses), unit: "门", min: 0, max: 500 },
      { key: "charged", type: "yesno", ...ask(q.charged) },
      {
        key: "fee",
        type: "decimal",
        ...ask(q.fee),
        unit: "元",
        unitAliases: ["元/生/学期", "元每生每学期", "元/人/学期"],
        min: 0,
        max: 10_000,
        when: (a) => a.charged === true,
      },
      { key: "outsideInstitutions", type: "yesno", ...ask(q.outsideInstitutions) },
      { key: "note", type: "text", ...ask(q.note), maxLength: 300, optional: true },
    ],
  };
}

/** Participation rate in percent, one decimal. */
export function participationRate(a: { enrolled?: unknown; participants?: unknown }): number | null {
  const e = Number(a.enrolled);
  const p = Number(a.participants);
  return e > 0 && Number.isFinite(p) ? Math.round((p / e) * 1000) / 10 : null;
}

/** What `课后服务 同上期` keeps of last month's report: every figure, not the note. */
const CARRIED = [
  "enrolled",
  "participants",
  "teachers",
  "daysPerWeek",
  "endTime",
  "specialCourses",
  "charged",
  "fee",
  "outsideInstitutions",
];

export const afterschoolModule: KindModule = {
  form: (title) => afterschoolForm(title),
  carry(last) {
    const a: Answers = { note: null };
    for (const k of CARRIED) {
      const v = last[k];
      if (v !== undefined && (v === null || typeof v !== "object")) a[k] = v;
    }
    return a;
  },
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
  data: AfterschoolData,
  owing: async (db, period, _at, units) => ((await inTerm(db, period)) ? unitsOfKinds(db, AFTERSCHOOL_KINDS, units) : []),
  async summaryLines(db, period) {
    const f = await participation(db, period.key);
    return f.reports ? [summary.participation(f.participants, f.enrolled), summary.lowest(f.rates.slice(0, 3))] : [];
  },
  module: afterschoolModule,
};
