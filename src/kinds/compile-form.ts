/**
 * A spec's fields as the form engine's: each condition (`showIf`) a `when`, each bound on another answer
 * (`maxField`) a `maxFrom`, a date inside the report's period a rule checked on every change and at 确认.
 * The capabilities a spec names add their own fields (the hazard ledger's groups) and totals.
 */
import { reasons } from "../../templates/forms.js";
import type { Answers, Field, FormDef, FormRule, FormTotal } from "../forms/types.js";
import { type PeriodType, parsePeriodKey, periodLabel } from "../reports/periods.js";
import { holds } from "./conditions.js";
import type { FieldSpec, KindSpec } from "./spec.js";

/** One field of a spec as the engine asks it; `labels`: every top-level field's label, for a bound's reason. */
export function fieldOf(f: FieldSpec, labels: ReadonlyMap<string, string>): Field {
  const showIf = f.showIf;
  const base = {
    key: f.key,
    label: f.label,
    prompt: f.prompt,
    ...(f.hint ? { hint: f.hint } : {}),
    ...(f.optional ? { optional: true } : {}),
    ...(showIf ? { when: (answers: Answers, item?: Answers) => holds(showIf, answers, item) } : {}),
  };
  switch (f.type) {
    case "yesno":
    case "percent":
    case "image":
      return { ...base, type: f.type };
    case "choice":
      return { ...base, type: "choice", options: f.options };
    case "integer":
    case "decimal": {
      const bound = f.maxField;
      return {
        ...base,
        type: f.type,
        unit: f.unit,
        ...(f.unitAliases ? { unitAliases: f.unitAliases } : {}),
        ...(f.min !== undefined ? { min: f.min } : {}),
        ...(f.max !== undefined ? { max: f.max } : {}),
        ...(bound
          ? {
              maxFrom: (a: Answers) => {
                const max = a[bound.field];
                return typeof max === "number" ? { max, why: bound.label ?? labels.get(bound.field) ?? bound.field } : null;
              },
            }
          : {}),
      };
    }
    case "date":
      return { ...base, type: "date", ...(f.notPast ? { notPast: true } : {}), ...(f.notFuture ? { notFuture: true } : {}) };
    case "time":
      return { ...base, type: "time", ...(f.window ? { window: f.window } : {}) };
    case "text":
      return { ...base, type: "text", maxLength: f.maxLength };
    case "group":
      return {
        ...base,
        type: "group",
        countFrom: f.countFrom,
        itemName: f.itemName,
        fields: f.fields.map((sub) => fieldOf(sub, labels)),
      };
  }
}

/** The rules a spec's dates inside the report's period make, for a form of that period. */
function periodRules(spec: KindSpec, periodKey: string | undefined): FormRule[] {
  if (!periodKey || spec.period === "once") return [];
  const period = parsePeriodKey(periodKey, spec.period as PeriodType);
  if (!period) return [];
  return spec.fields.flatMap((f): FormRule[] => {
    if (f.type !== "date" || !f.inPeriod) return [];
    const why = typeof f.inPeriod === "object" ? f.inPeriod.why : undefined;
    return [
      {
        field: f.key,
        check: (a) => {
          const d = a[f.key];
          return typeof d === "string" && (d < period.start || d > period.end) ? reasons.inPeriod(periodLabel(period), why) : null;
        },
      },
    ];
  });
}

/** What a capability adds to a kind's form. */
export type FormAdditions = { fields?(fields: Field[]): Field[]; totals?: FormTotal[] };

/** The form of a kind: its fields in order, with what its capabilities add; its period's rules when it has one. */
export function compileForm(spec: KindSpec, additions: readonly FormAdditions[]) {
  const labels = new Map(spec.fields.map((f) => [f.key, f.label]));
  let fields = spec.fields.map((f) => fieldOf(f, labels));
  for (const a of additions) if (a.fields) fields = a.fields(fields);
  const totals = additions.flatMap((a) => a.totals ?? []);
  return (title: string, context: { period?: string } = {}): FormDef => ({
    id: spec.id,
    title,
    fields,
    ...(totals.length ? { totals } : {}),
    rules: periodRules(spec, context.period),
  });
}
