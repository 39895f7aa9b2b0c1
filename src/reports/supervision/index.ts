/** 督导 (monthly; an inspector's visit to each assigned school): the form. */
import { reports } from "../../../templates/reports.js";
import { summary } from "../../../templates/summary.js";
import type { Answers } from "../../forms/types.js";
import { builtinSpec } from "../../kinds/builtin.js";
import { REPORT_KINDS } from "../kinds.js";
import type { FormKind } from "../plugin.js";
import { inUnits } from "../plugin.js";
import type { KindModule } from "../report-form.js";
import { FiveItems } from "./data.js";

/** 五项管理: 作业、睡眠、手机、读物、体质. */
export const FIVE_ITEMS = [
  ["homework", "作业"],
  ["sleep", "睡眠"],
  ["phone", "手机"],
  ["reading", "读物"],
  ["fitness", "体质"],
] as const;

const spec = builtinSpec("supervision");

export function failedItems(a: Answers): string[] {
  return FIVE_ITEMS.filter(([key]) => a[key] === false).map(([, name]) => name);
}

export const supervisionModule: KindModule = {
  form: (title, context) => spec.form(title, context),
  async afterSave(_tx, _ctx, _id, answers) {
    const failed = failedItems(answers);
    return [reports.fiveItems(failed)];
  },
};

/** Each inspector owes one visit a month to each assigned school; the report's subject is the inspector. */
export const supervisionKind: FormKind = {
  ...REPORT_KINDS.supervision,
  purpose: "综合",
  chases: "subject",
  unitOwes: () => false,
  async owing(db, _period, _at, units) {
    const pairs = await db.inspectorSchool.findMany({
      where: { person: { active: true }, unit: { active: true }, ...inUnits(units) },
      include: { person: true, unit: true },
      orderBy: [{ unit: { code: "asc" } }],
    });
    return pairs.map((p) => ({
      unitId: p.unitId,
      unitCode: p.unit.code,
      unitName: p.unit.name,
      township: p.unit.township,
      subject: p.person.useridKey,
      subjectName: p.person.name,
      since: p.unit.createdAt,
    }));
  },
  missingName: (s) => summary.missingVisit(s.unitName, s.subjectName ?? s.subject),
  data: spec.data ?? undefined,
  async summaryLines(db, period, _at, status) {
    const rows = await db.report.findMany({ where: { kind: "supervision", period: period.key }, select: { data: true } });
    const counts = FIVE_ITEMS.map(
      ([key, name]) => [name, rows.filter((r) => FiveItems.safeParse(r.data).data?.[key] === false).length] as const,
    )
      .filter(([, n]) => n > 0)
      .map(([name, n]) => summary.failedCount(name, n));
    const visited = status.filter((s) => s.report).length;
    return [summary.visits(visited, status.length), summary.failedItems(counts, visited)];
  },
  module: supervisionModule,
};
