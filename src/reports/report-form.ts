/**
 * What a report kind with a form of its own gives: the form, and what happens
 * inside the submission's transaction and after it. The bot runs it
 * (src/bot/report-forms.ts); a kind sees a neutral context, not the bot's.
 */
import { reports as t } from "../../templates/reports.js";
import type { Db, Tx } from "../db/client.js";
import type { Answers, FormDef, FormState } from "../forms/types.js";
import type { Logger } from "../log.js";
import type { ReportKind } from "./kinds.js";
import type { Period } from "./periods.js";

/** What a kind's hooks may use: the database, the time, who submitted, and a way to alert the bureau now. */
export type KindContext = {
  db: Db;
  now: Date;
  person: { id: number; name: string };
  log: Logger;
  /** Sends a message to the bureau's safety group (or the admins) at once (重大 hazards). */
  alert?: (text: string) => Promise<void>;
};

export type KindModule = {
  form(title: string, context: FormState["context"]): FormDef;
  /** Work inside the submission's transaction (the hazard ledger); returns lines for the reply. */
  afterSave?(tx: Tx, ctx: KindContext, reportId: number, answers: Answers, context: FormState["context"]): Promise<string[]>;
  /** After the transaction (a 重大 hazard alert). */
  afterCommit?(ctx: KindContext, reportId: number): Promise<void>;
};

export type ReportTarget = { unitId: number; unitName: string; period: Period; subject: string };

export function formTitle(kind: ReportKind, target: ReportTarget): string {
  return t.title(target.unitName, kind.name, target.period);
}
