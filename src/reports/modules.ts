/** The report kinds that are forms with one report per unit and period. */
import { afterschoolModule } from "./afterschool/index.js";
import type { KindId } from "./kinds.js";
import type { KindModule } from "./report-form.js";
import { safetyModule } from "./safety/index.js";
import { supervisionModule } from "./supervision/index.js";

export const REPORT_MODULES: Partial<Record<KindId, KindModule>> = {
  safety: safetyModule,
  afterschool: afterschoolModule,
  supervision: supervisionModule,
};
