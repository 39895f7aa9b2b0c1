/**
 * What data cannot say, by name (docs/DESIGN.md "Report kinds are data"): a spec names a capability under `capabilities`
 * with its options, checked here. The hazard ledger (a not-normal item becomes a hazard), plan targets (进度's
 * entries per target) and inspector visits (督导: owed per assigned school). A name not listed is refused.
 */
import type { z } from "zod";
import { HazardLedgerOptions } from "./hazard-ledger/options.js";
import { InspectorVisitsOptions } from "./inspector-visits/options.js";
import { PlanTargetsOptions } from "./plan-targets/options.js";

export const CAPABILITY_OPTIONS = {
  hazardLedger: HazardLedgerOptions,
  planTargets: PlanTargetsOptions,
  inspectorVisits: InspectorVisitsOptions,
} as const satisfies Record<string, z.ZodType>;

export type CapabilityName = keyof typeof CAPABILITY_OPTIONS;
export type CapabilityOptions = { [K in CapabilityName]?: z.infer<(typeof CAPABILITY_OPTIONS)[K]> };

export const isCapability = (name: string): name is CapabilityName => Object.hasOwn(CAPABILITY_OPTIONS, name);
