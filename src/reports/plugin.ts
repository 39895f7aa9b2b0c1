/**
 * A report kind as one object: who it is (names, period, deadline), where its
 * group messages go, who owes it and who is chased for it, how its reports
 * for a period are found, and — for kinds with one report per unit and
 * period — its form module. `registry.ts` lists them; consumers iterate the
 * registry instead of branching on a kind's id.
 */
import type { z } from "zod";
import type { Db } from "../db/client.js";
import type { LocalDate } from "../time/zoned.js";
import type { ReportKind } from "./kinds.js";
import type { Owing } from "./owes.js";
import type { Period } from "./periods.js";
import type { KindModule } from "./report-form.js";
import type { UnitStatus } from "./status.js";

/** The units a question is asked about: null or absent, every unit. */
export type Units = ReadonlySet<number> | null;

/** A where-clause on unitId for `units` (none when every unit). */
export const inUnits = (units: Units | undefined) => (units ? { unitId: { in: [...units] } } : {});

/** The group a kind's reminders, escalations and alerts go to (群 绑定 … 用途). */
export type Purpose = "安全" | "课后" | "进度" | "综合";

/** `brief`: part of the all-kinds 汇总 or a digest, where a kind says the few lines that matter. */
export type SummaryAt = { now: Date; tz: string; today: LocalDate; brief?: boolean };

/** A unit's report for a period, as status lists show it. */
export type Reported = { id: number; by: string; at: Date; late: boolean };

export type ReportPlugin = ReportKind & {
  purpose: Purpose;
  /** Its command's help text and refusal (the built-in kinds' are in templates/commands.ts). */
  texts?: { describe: string; example: string; refusal: string };
  /** Whom reminders chase: the unit's principals and reporters, or the person the report's subject names (督导: the inspector). */
  chases: "unit" | "subject";
  /** Whether a unit of this kind owes it by its kind alone (a principal's command, 我的); false where the plan or an assignment decides. */
  unitOwes(unitKind: string): boolean;
  /** Whether anything is owed in this period at all (课后服务: only in months a school term overlaps). */
  owedIn?(db: Db, period: Period): Promise<boolean>;
  /** Who owes it does not depend on the period (every school, every week): read once for a range of periods. */
  owingEveryPeriod?: boolean;
  /**
   * The units (with subjects) that owe it for the period; `units`: only among these (a school's page, a principal's
   * export: the work follows the scope, one school costs one school's rows).
   */
  owing(db: Db, period: Period, at: { now: Date; tz: string }, units?: Units): Promise<Owing[]>;
  /** The period's reports by `unitId|subject` (among `units` when given); the default reads one report per unit, period and subject. */
  reported?(db: Db, period: Period, units?: Units): Promise<Map<string, Reported>>;
  /** How a missing unit is named in 未填报 (督导: with its inspector). */
  missingName?(s: Owing): string;
  /** 汇总's lines after who reported: the kind's own figures, rendered by its templates. */
  summaryLines?(db: Db, period: Period, at: SummaryAt, status: UnitStatus[]): Promise<string[]>;
  /** 汇总 in full instead (进度: the plan's targets, not who reported). */
  summary?(db: Db, period: Period, at: SummaryAt): Promise<string[]>;
  /** What needs action beyond units that have not reported (safety: 重大 and overdue hazards), first in 汇总. */
  attention?(db: Db, at: SummaryAt): Promise<string[]>;
  /** Its reports record hazards in the ledger (an export of the kind adds the ledger's sheet). */
  hazardLedger?: boolean;
  /** What a report stores, with the rules across its answers: checked before anything is stored. */
  data?: z.ZodType;
  /** The form, for kinds with one report per unit, period and subject (进度 keeps entries per target: none). */
  module?: KindModule;
};

/** A report kind with a form of its own (one report per unit, period and subject). */
export type FormKind = ReportPlugin & { module: KindModule };

export const hasForm = (k: ReportPlugin): k is FormKind => k.module !== undefined;
