/** A built-in report kind by its id, for tests that look at one kind's form, schema or prefill. */
import type { FormKind } from "../../src/kinds/kind.js";
import { KindRegistry } from "../../src/kinds/registry.js";

const builtins = KindRegistry.builtin();

export function builtinKind(id: string): FormKind {
  const k = builtins.withForms().find((x) => x.id === id);
  if (!k) throw new Error(`no built-in kind with a form: ${id}`);
  return k;
}

/** The built-in kinds, as a running bot holds them. */
export const builtinKinds = (): KindRegistry => KindRegistry.builtin();
