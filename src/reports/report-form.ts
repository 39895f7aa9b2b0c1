/**
 * What a report form is about (the unit, the period and subject, and for 修改 the report and revision it started
 * from), as the form's state keeps it, and the title a form and its messages name it by.
 */
import { z } from "zod";
import { reports as t } from "../../templates/reports.js";
import type { Period } from "./periods.js";

export const ReportFormContext = z.object({
  unitId: z.number().int(),
  unitName: z.string(),
  period: z.string(),
  subject: z.string(),
  reportId: z.number().int().optional(),
  revision: z.number().int().optional(),
  /** The version of the kind the form was started with (a form of an older version is restarted with a notice). */
  kindVersion: z.number().int().optional(),
});
export type ReportFormContext = z.infer<typeof ReportFormContext>;

export type ReportTarget = { unitId: number; unitName: string; period: Period; subject: string };

export function formTitle(kind: { name: string }, target: ReportTarget): string {
  return t.title(target.unitName, kind.name, target.period);
}
