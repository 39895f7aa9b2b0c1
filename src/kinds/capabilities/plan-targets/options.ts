/**
 * Plan targets' options (`capabilities.planTargets`): the targets the plan computes from another kind's reports
 * rather than asks for (每校每月驻校督查: the share of 督导 visits made this month) — the plan's word for it, and the
 * kind it names. A kind reads another's reports only through this.
 */
import { z } from "zod";

export const PlanTargetsOptions = z.strictObject({
  computedFrom: z.record(z.string().min(1).max(20), z.string().regex(/^[a-z][a-z0-9-]{1,39}$/)).optional(),
});
export type PlanTargetsOptions = z.infer<typeof PlanTargetsOptions>;
