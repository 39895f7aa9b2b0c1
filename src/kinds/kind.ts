/**
 * The one compiled type of a report kind (docs/DESIGN.md "Report kinds are data"): what its spec says — names, period,
 * deadline, who owes it, its form and what it stores, its figures and words — with what the capabilities it names
 * add. Built by make-kind.ts from a spec; held by a KindRegistry instance; the bot, the scheduler, the exports and
 * the dashboard iterate the registry and never ask which kind a kind is.
 */
import type { z } from "zod";
import type { Db, Tx } from "../db/client.js";
import type { Answers, FormDef } from "../forms/types.js";
import type { Logger } from "../log.js";
import type { FactValue } from "../reports/facts.js";
import type { Owing } from "../reports/owes.js";
import type { DeadlineRule, Period, PeriodType } from "../reports/periods.js";
import type { ReportFormContext } from "../reports/report-form.js";
import type { Reported, UnitStatus, Units } from "../reports/status.js";
import type { LocalDate } from "../time/zoned.js";
import type { CapabilityOptions } from "./capabilities/index.js";
import type { FigureScope } from "./figures.js";
import type { KindSpec } from "./spec.js";
import type { KindWords } from "./words.js";

/** The group a kind's reminders, escalations and alerts go to (群 绑定 … 用途). */
export type Purpose = "安全" | "课后" | "进度" | "综合";

/** `brief`: part of the all-kinds 汇总 or a digest, where a kind says the few lines that matter. */
export type SummaryAt = { now: Date; tz: string; today: LocalDate; brief?: boolean };

/** What a kind's hooks may use: the database, the time, who submitted, and a way to tell a bureau group now. */
export type KindContext = {
  db: Db;
  now: Date;
  person: { id: number; name: string };
  log: Logger;
  /** Sends a message at once to the group bound for a purpose, or the admins when none is (a 重大 hazard). */
  notify?: (purpose: Purpose, text: string) => Promise<void>;
};

/** A unit as a kind asks whether it owes it. */
export type UnitRef = { id: number; kind: string; code: string };

/** The form of a kind with one report per unit, period and subject, and what happens around its submission. */
export type KindForm = {
  /** The form; its context is the report's when known (查看 builds it without one). */
  form(title: string, context: Partial<ReportFormContext>): FormDef;
  /** What a report stores, with every rule across its answers: checked before anything is stored. */
  data: z.ZodType | null;
  /** Work inside the submission's transaction (the hazard ledger); returns lines for the reply. */
  afterSave?(tx: Tx, ctx: KindContext, reportId: number, answers: Answers, context: ReportFormContext): Promise<string[]>;
  /** After the transaction (a 重大 hazard alert). */
  afterCommit?(ctx: KindContext, reportId: number): Promise<void>;
  /** `<报表> 无异常`: every item normal, nothing new — what the facts and the last report cannot give is left out. */
  allClear?(last: Answers | null, facts: Record<string, FactValue>): Answers;
  /** `<报表> 同上期`: the answers carried from the unit's last report (what is new each time, left out, is asked). */
  carry?(last: Answers, facts: Record<string, FactValue>): Answers;
  /** The unit's facts a report states, kept and reused by every later form; the answers a form starts with from them. */
  facts?: { of(answers: Answers): Record<string, FactValue>; prefill(facts: Record<string, FactValue>): Answers };
  /** What stays open at the unit whatever a report says (its open hazards), shown above a prefilled summary. */
  stillOpen?(db: Db, unitId: number, today: LocalDate): Promise<string[]>;
};

export type Kind = {
  /** As loaded (what `kind export` writes). */
  spec: KindSpec;
  /** The stored kind of its reports, reminders and digests. */
  id: string;
  version: number;
  /** 安全检查 */
  name: string;
  /** 安全 */
  short: string;
  /** /safety */
  alias: string;
  periodType: PeriodType;
  deadline: DeadlineRule;
  purpose: Purpose;
  /** Which office asks (安全科), said where a kind introduces itself. */
  office?: string;
  /** Its command's line in 帮助 and its one-sentence refusal. */
  texts: { describe: string; example: string; refusal: string };
  /** Whom reminders chase: the unit's principals and reporters, or the person the report's subject names (the inspector). */
  chases: "unit" | "subject";
  /** Whether a unit owes it by what the unit is (a principal's command, 我的); false where assignments decide. */
  owes(unit: UnitRef): boolean;
  /** Whether anything is owed in this period at all (only in months a school term overlaps). */
  owedIn?(db: Db, period: Period): Promise<boolean>;
  /** Who owes it does not depend on the period: read once for a range of periods. */
  owingEveryPeriod: boolean;
  /** The units (with subjects) that owe it for the period; `units`: only among these (the work follows the scope). */
  owing(db: Db, period: Period, at: { now: Date; tz: string }, units?: Units): Promise<Owing[]>;
  /** The period's reports by `unitId|subject`; the default reads one report per unit, period and subject. */
  reported?(db: Db, period: Period, units?: Units): Promise<Map<string, Reported>>;
  /** How a missing unit is named in 未填报 (with its inspector). */
  missingName?(s: Owing): string;
  /** Its form, for kinds with one report per unit, period and subject (plan targets keep entries per target: none). */
  form?: KindForm;
  /** The figures its words and sections read for a period, computed once per message. */
  figures(db: Db, period: Period, at: SummaryAt, status: () => Promise<UnitStatus[]>, units?: Units): FigureScope;
  /** Its words (汇总, the digests, the line after a report is stored), compiled from its spec. */
  words: KindWords;
  /** The period the 周报 speaks of for it: the last week, the open period, or the latest closed one. */
  weeklyPeriod: "last" | "open" | "closed";
  /** 汇总 in full instead of who reported (the plan's targets). */
  summary?(db: Db, period: Period, at: SummaryAt): Promise<string[]>;
  /** 汇总's lines a capability adds after the kind's own words (the hazards found, open, 重大). */
  summaryLines?(db: Db, period: Period, at: SummaryAt): Promise<string[]>;
  /** What needs action beyond units that have not reported (重大 and overdue hazards), first in 汇总 and the 周报. */
  attention?(db: Db, at: SummaryAt): Promise<string[]>;
  /** 我的's lines a capability adds for the person's unit (targets updated this month; open hazards). */
  meLines?(db: Db, unit: UnitRef, at: SummaryAt): Promise<string[]>;
  /** Its reports record hazards in the ledger (its export adds the ledger's sheet; the ledger's pages and 隐患). */
  hazardLedger: boolean;
  /** The capabilities its spec names, with their options (a capability's own commands and pages are built from these). */
  capabilities: CapabilityOptions;
};

/** A kind with a form of its own. */
export type FormKind = Kind & { form: KindForm };

export const hasForm = (k: Kind): k is FormKind => k.form !== undefined;
