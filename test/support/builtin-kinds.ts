/** A built-in report kind by its id, for tests that look at one kind's form, schema or prefill. */
import type { ReportPlugin } from "../../src/reports/plugin.js";
import { kindById } from "../../src/reports/registry.js";

export function builtinKind(id: string): ReportPlugin {
  const k = kindById(id);
  if (!k) throw new Error(`no built-in kind ${id}`);
  return k;
}
