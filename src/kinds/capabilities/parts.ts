/**
 * What a capability adds to a kind: hooks of the kind (who owes it, its 汇总, what needs action, 我的's lines),
 * hooks of its form (inside and after a submission) and figures its words may read.
 */
import type { Db } from "../../db/client.js";
import type { Period } from "../../reports/periods.js";
import type { Units } from "../../reports/status.js";
import type { FigureScope } from "../figures.js";
import type { Kind, KindForm, Purpose, SummaryAt, UnitRef } from "../kind.js";

export type CapabilityParts = {
  kind?: Partial<
    Pick<
      Kind,
      "chases" | "owes" | "owing" | "owingEveryPeriod" | "reported" | "missingName" | "summary" | "summaryLines" | "attention" | "meLines"
    > & { hazardLedger: boolean }
  >;
  form?: Partial<Pick<KindForm, "afterSave" | "afterCommit" | "stillOpen">>;
  /** Adds its figures (lazily) to a period's scope. */
  figures?(scope: FigureScope, db: Db, period: Period, at: SummaryAt, units?: Units): void;
};

/** What a capability knows of the kind naming it when it is built. */
export type KindBasics = {
  id: string;
  name: string;
  purpose: Purpose;
  /** Whether a unit owes the kind by what it is (the generic rule, before any capability changes it). */
  owes(unit: UnitRef): boolean;
  /** Another kind, by id (a figure that depends on another kind's reports: the spec says which). */
  kind(id: string): Kind | null;
};
