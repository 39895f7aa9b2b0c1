/**
 * A spec's one-tap answers and the school's facts (docs/DESIGN.md "Ask at most once"): `<报表> 无异常` (every item
 * normal, nothing new), `<报表> 同上期` (the last report's answers, nothing new), the facts a report states and the
 * answers a form starts with from the facts known. What cannot be prefilled is left out, so the form asks it.
 */
import { recheckValue } from "../forms/fields.js";
import type { Answers, Field, Value } from "../forms/types.js";
import type { FactValue } from "../reports/facts.js";
import type { KindSpec } from "./spec.js";

type Facts = Record<string, FactValue>;
type FactField = { key: string; name: string; absentWhen?: string | number | boolean | null; yesno: boolean };

/** The fields that record a fact about the unit. */
function factFields(spec: KindSpec): FactField[] {
  return spec.fields.flatMap((f) =>
    f.fact
      ? [
          typeof f.fact === "string"
            ? { key: f.key, name: f.fact, yesno: f.type === "yesno" }
            : { key: f.key, name: f.fact.name, absentWhen: f.fact.absentWhen, yesno: f.type === "yesno" },
        ]
      : [],
  );
}

const isScalar = (v: Value | undefined): v is string | number | boolean =>
  typeof v === "string" || typeof v === "number" || typeof v === "boolean";

export type Prefill = {
  allClear?(last: Answers | null, facts: Facts): Answers;
  carry?(last: Answers, facts: Facts): Answers;
  facts?: { of(answers: Answers): Facts; prefill(facts: Facts): Answers };
};

/**
 * `fields`: the compiled form's fields (a carried answer must still fit its question); `filterCarry`: what a
 * capability removes from 同上期 (an item that was not normal, carried, would record its hazard twice).
 */
export function compilePrefill(
  spec: KindSpec,
  fields: readonly Field[],
  filterCarry?: (carried: Answers, last: Answers) => Answers,
): Prefill {
  const facts = factFields(spec);
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const p = spec.prefill ?? {};
  const nothingNew = (): Answers => structuredClone((p.nothingNew ?? {}) as Answers);
  /** An answer of the last report that still fits its question. */
  const fits = (key: string, v: Value | undefined): v is string | number | boolean => {
    const f = byKey.get(key);
    return !!f && f.type !== "group" && isScalar(v) && recheckValue(f, v, {}) === null && (f.type !== "yesno" || typeof v === "boolean");
  };

  const of = (answers: Answers): Facts => {
    const out: Facts = {};
    for (const f of facts) {
      const v = answers[f.key];
      if (!isScalar(v)) continue;
      out[f.name] = f.absentWhen === undefined ? v : v !== f.absentWhen;
    }
    return out;
  };
  /** What the facts answer: a yes/no fact itself, and the "none here" answer of a fact the unit lacks. */
  const fromFacts = (known: Facts): Answers => {
    const a: Answers = {};
    for (const f of facts) {
      const v = known[f.name];
      if (f.absentWhen !== undefined) {
        if (v === false) a[f.key] = f.absentWhen;
      } else if (f.yesno && typeof v === "boolean") a[f.key] = v;
    }
    return a;
  };

  const out: Prefill = {};
  if (facts.length) out.facts = { of, prefill: fromFacts };
  const allClear = p.allClear;
  if (allClear) {
    out.allClear = (last, known) => {
      const a: Answers = {};
      const absent = new Map(facts.filter((f) => f.absentWhen !== undefined).map((f) => [f.key, f]));
      for (const [key, v] of Object.entries(allClear)) if (!absent.has(key)) a[key] = v;
      Object.assign(a, nothingNew());
      // What the all-clear does not answer comes from the last report (the school's facts, its coverage).
      for (const key of p.carry ?? []) {
        const v = last?.[key];
        if (!(key in allClear) && fits(key, v)) a[key] = v;
      }
      // A fact the unit has is normal, one it lacks stays "none here": from the facts kept, else the last report.
      for (const [key, f] of absent) {
        const fact = known[f.name];
        const was = last?.[key];
        if (fact === true) a[key] = allClear[key] ?? null;
        else if (fact === false) a[key] = f.absentWhen ?? null;
        else if (typeof was === "string") a[key] = was === f.absentWhen ? was : (allClear[key] ?? null);
      }
      return { ...a, ...fromFacts(known) };
    };
  }
  const carry = p.carry;
  if (carry) {
    out.carry = (last, known) => {
      let a: Answers = nothingNew();
      for (const key of carry) {
        const v = last[key];
        if (fits(key, v)) a[key] = v;
      }
      if (filterCarry) a = filterCarry(a, last);
      return { ...a, ...fromFacts(known) };
    };
  }
  return out;
}
