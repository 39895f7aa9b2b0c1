/**
 * What a report kind with a form of its own gives: the form, and what happens
 * inside the submission's transaction and after it. The bot runs it
 * (src/bot/report-forms.ts); a kind sees a neutral context, not the bot's.
 */

import { z } from "zod";
import { reports as t } from "../../templates/reports.js";
import type { Db, Tx } from "../db/client.js";
import type { Answers, FormDef } from "../forms/types.js";
import type { Logger } from "../log.js";
import type { LocalDate } from "../time/zoned.js";
import type { FactValue } from "./facts.js";
import type { ReportKind } from "./kinds.js";
import type { Period } from "./periods.js";
import type { Purpose } from "./plugin.js";

/** What a kind's hooks may use: the database, the time, who submitted, and a way to tell a bureau group now. */
export type KindContext = {
  db: Db;
  now: Date;
  person: { id: number; name: string };
  log: Logger;
  /** Sends a message at once to the group bound for a purpose, or the admins when none is (a 重大 hazard). */
  notify?: (purpose: Purpose, text: string) => Promise<void>;
};

/** What a report form is about, as it is kept in the form's state: the unit, the period and subject, and — for 修改 — the report and the revision it started from. */
export const ReportFormContext = z.object({
  unitId: z.number().int(),
  unitName: z.string(),
  period: z.string(),
  subject: z.string(),
  reportId: z.number().int().optional(),
  revision: z.number().int().optional(),
});
export type ReportFormContext = z.infer<typeof ReportFormContext>;

export type KindModule = {
  /** The form; its context is the report's when known (查看 builds it without one). */
  form(title: string, context: Partial<ReportFormContext>): FormDef;
  /** Work inside the submission's transaction (the hazard ledger); returns lines for the reply. */
  afterSave?(tx: Tx, ctx: KindContext, reportId: number, answers: Answers, context: ReportFormContext): Promise<string[]>;
  /** After the transaction (a 重大 hazard alert). */
  afterCommit?(ctx: KindContext, reportId: number): Promise<void>;
  /**
   * `<报表> 无异常`: the all-clear's answers — every checklist item normal, nothing new found — with the facts
   * and figures carried from the unit's last report (`last`); what cannot be carried is left out, so asked.
   */
  allClear?(last: Answers | null, facts: Record<string, FactValue>): Answers;
  /** `<报表> 同上期`: the answers carried from the unit's last report (what is new each time, left out, is asked). */
  carry?(last: Answers, facts: Record<string, FactValue>): Answers;
  /**
   * The unit's facts a report states (微型消防站: true …), kept and reused by every later form of any kind, and the
   * answers a form starts with from the facts known (asked once, then only confirmed in the summary).
   */
  facts?: {
    of(answers: Answers): Record<string, FactValue>;
    prefill(facts: Record<string, FactValue>): Answers;
  };
  /** What stays open at the unit whatever a report says (safety: its open hazards), shown above a prefilled summary. */
  stillOpen?(db: Db, unitId: number, today: LocalDate): Promise<string[]>;
};

export type ReportTarget = { unitId: number; unitName: string; period: Period; subject: string };

export function formTitle(kind: ReportKind, target: ReportTarget): string {
  return t.title(target.unitName, kind.name, target.period);
}
