/**
 * Counts the characters string and regular-expression operations examine while `work` runs, so a test can
 * say a reader is linear in its input without timing it (timings belong in bench/). Each call is charged what it
 * must look at: indexOf from its start to what it found (or the end), a copy its length, a regular expression
 * from where it starts to the end of its match (or of the input). Loops that index characters one by one cost
 * one step each and are not seen; what makes a reader quadratic — scanning again and again — is.
 */
type Patch = { on: object; name: string; cost: (self: string, args: unknown[], result: unknown) => number };

const len = (v: unknown) => (typeof v === "string" ? v.length : 0);
const from = (v: unknown) => (typeof v === "number" && v > 0 ? Math.floor(v) : 0);

const PATCHES: Patch[] = [
  ...(["indexOf", "includes"] as const).map(
    (name): Patch => ({
      on: String.prototype,
      name,
      cost: (s, [search, pos], r) => {
        const start = Math.min(from(pos), s.length);
        const found = name === "indexOf" ? (r as number) : s.indexOf(String(search), start);
        return (found === -1 ? s.length : found + len(search)) - start;
      },
    }),
  ),
  { on: String.prototype, name: "lastIndexOf", cost: (s, _a, r) => (r === -1 ? s.length : s.length - (r as number)) },
  ...(["startsWith", "endsWith"] as const).map((name): Patch => ({ on: String.prototype, name, cost: (_s, [search]) => len(search) })),
  ...(["slice", "substring", "substr", "trim", "trimStart", "trimEnd", "toLowerCase", "toUpperCase"] as const).map(
    (name): Patch => ({ on: String.prototype, name, cost: (_s, _a, r) => len(r) + 1 }),
  ),
  ...(["charCodeAt", "charAt", "codePointAt", "at"] as const).map((name): Patch => ({ on: String.prototype, name, cost: () => 1 })),
  {
    // test, match, replace, split and search all call exec when it is not the original.
    on: RegExp.prototype,
    name: "exec",
    cost: function (this: unknown, _s, [input], r) {
      const text = String(input ?? "");
      const m = r as RegExpExecArray | null;
      return m ? m.index + m[0].length + 1 : text.length + 1;
    },
  },
];

/** The characters examined while `work` runs (it may throw: refusals are counted too). */
export function charactersScanned(work: () => unknown): number {
  let steps = 0;
  let inside = false;
  const saved = PATCHES.map((p) => (p.on as Record<string, unknown>)[p.name] as (...a: unknown[]) => unknown);
  PATCHES.forEach((p, i) => {
    const original = saved[i] as (...a: unknown[]) => unknown;
    (p.on as Record<string, unknown>)[p.name] = function (this: unknown, ...args: unknown[]) {
      const result = original.apply(this, args);
      if (!inside) {
        inside = true;
        try {
          steps += p.cost(String(this), args, result);
        } finally {
          inside = false;
        }
      }
      return result;
    };
  });
  try {
    work();
  } catch {
    // refusals are what we measure
  } finally {
    PATCHES.forEach((p, i) => {
      (p.on as Record<string, unknown>)[p.name] = saved[i];
    });
  }
  return steps;
}
