/** Plan targets' options (`capabilities.planTargets`): none yet — the active plan's targets say who reports what. */
import { z } from "zod";

export const PlanTargetsOptions = z.strictObject({});
