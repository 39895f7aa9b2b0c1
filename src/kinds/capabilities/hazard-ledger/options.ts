/**
 * The hazard ledger's options in a KindSpec (`capabilities.hazardLedger`): which checklist items are a hazard when
 * not normal (隐患即事故) and its category; where the hazards beyond the checklist are counted and recorded; the
 * categories a hazard may have.
 */
import { z } from "zod";
import { ConditionSchema, FieldKey } from "../../spec.js";

const Name = z.string().trim().min(1).max(20);

export const HazardLedgerOptions = z.strictObject({
  checklist: z
    .array(
      z.strictObject({
        /** The item's field; its hazard is recorded right after it. */
        field: FieldKey,
        /** How the hazard names the item (生命通道). */
        name: Name,
        category: Name,
        /** When the item is not normal (生命通道 否, 校车 存在问题). */
        notNormal: ConditionSchema,
      }),
    )
    .max(50),
  /** The hazards beyond the checklist: their count is asked before this field, then each is recorded. */
  others: z.strictObject({
    before: FieldKey,
    label: z.string().min(1).max(40),
    prompt: z.string().min(1).max(300),
    max: z.number().int().min(1).max(50),
  }),
  categories: z.array(Name).min(1).max(20),
});
export type HazardLedgerOptions = z.infer<typeof HazardLedgerOptions>;

/** The severities of a hazard; 重大 is pushed to the safety group at once (docs/DESIGN.md domain rules). */
export const SEVERITIES = ["一般", "较大", "重大"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The key of the group that records a checklist item's hazard. */
export const hazardKey = (item: string) => `${item}Hazard`;
/** The count of hazards beyond the checklist, and their group. */
export const OTHERS_COUNT = "hazardCount";
export const OTHERS = "hazards";
