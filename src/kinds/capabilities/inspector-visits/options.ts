/** Inspector visits' options (`capabilities.inspectorVisits`): none yet — each inspector owes each assigned school. */
import { z } from "zod";

export const InspectorVisitsOptions = z.strictObject({});
