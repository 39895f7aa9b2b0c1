/**
 * A spec checked across its keys and compiled: its deadline as a rule, its form (with what its capabilities add),
 * the schema of what its reports store (derived from the form: each bound written once), its one-tap prefill and
 * the facts it records. A spec with any problem is refused whole (BadSpec names every key that is wrong).
 */
import type { z } from "zod";
import type { FormDef } from "../forms/types.js";
import type { DeadlineRule } from "../reports/periods.js";
import { hazardForm, withoutLastHazards } from "./capabilities/hazard-ledger/form.js";
import { CAPABILITY_OPTIONS, type CapabilityOptions, isCapability } from "./capabilities/index.js";
import { compileForm, type FormAdditions } from "./compile-form.js";
import { compilePrefill, type Prefill } from "./compile-prefill.js";
import { fieldsOf } from "./conditions.js";
import { dataSchema } from "./data-schema.js";
import { parseDeadline } from "./deadline.js";
import { BadSpec, type Condition, type FieldSpec, type KindSpec, parseKindSpec, wherePath } from "./spec.js";
import { compileWords, type KindWords } from "./words.js";

export type CompiledSpec = {
  spec: KindSpec;
  deadline: DeadlineRule;
  capabilities: CapabilityOptions;
  /** The form; its context is the report's when known (查看 builds it without one). */
  form(title: string, context?: { period?: string }): FormDef;
  /** What a report stores, with every rule across answers; null for a kind without a form of its own (进度). */
  data: z.ZodType | null;
  prefill: Prefill;
  words: KindWords;
};

/** The problems of a spec across its keys: references to fields that do not exist or come later, duplicate keys. */
function crossProblems(spec: KindSpec, caps: CapabilityOptions): string[] {
  const problems: string[] = [];
  const seen = new Map<string, FieldSpec>();
  const refer = (where: string, key: string, before: ReadonlyMap<string, FieldSpec>, what = "") => {
    if (!before.has(key)) problems.push(`${where}：“${key}”不是前面的问题${what}`);
  };
  const condition = (where: string, c: Condition, before: ReadonlyMap<string, FieldSpec>) => {
    for (const key of fieldsOf(c)) refer(where, key, before);
  };
  spec.fields.forEach((f, i) => {
    const at = `fields[${i}]`;
    if (seen.has(f.key)) problems.push(`${at}.key：“${f.key}”重复`);
    if (f.showIf) condition(`${at}.showIf`, f.showIf, seen);
    if ((f.type === "integer" || f.type === "decimal") && f.maxField) {
      const other = seen.get(f.maxField.field);
      if (!other || (other.type !== "integer" && other.type !== "decimal"))
        problems.push(`${at}.maxField.field：“${f.maxField.field}”应是前面的数字问题`);
    }
    if ((f.type === "integer" || f.type === "decimal") && f.min !== undefined && f.max !== undefined && f.min > f.max)
      problems.push(`${at}.min：不能大于 max`);
    if (f.type === "choice" && new Set(f.options).size !== f.options.length) problems.push(`${at}.options：选项重复`);
    if (f.type === "group") {
      const count = seen.get(f.countFrom);
      if (count?.type !== "integer") problems.push(`${at}.countFrom：“${f.countFrom}”应是前面的整数问题`);
      const inner = new Map(seen);
      f.fields.forEach((sub, j) => {
        if (sub.showIf) condition(`${at}.fields[${j}].showIf`, sub.showIf, inner);
        inner.set(sub.key, sub);
      });
    }
    seen.set(f.key, f);
  });
  const p = spec.prefill;
  for (const key of Object.keys(p?.allClear ?? {})) refer("prefill.allClear", key, seen);
  for (const key of p?.carry ?? []) refer("prefill.carry", key, seen);
  const h = caps.hazardLedger;
  if (h) {
    h.checklist.forEach((c, i) => {
      refer(`capabilities.hazardLedger.checklist[${i}].field`, c.field, seen);
      condition(`capabilities.hazardLedger.checklist[${i}].notNormal`, c.notNormal, seen);
    });
    refer("capabilities.hazardLedger.others.before", h.others.before, seen);
  }
  // The hazard ledger's own keys are written by it (a count and groups): a spec's fields may not take them.
  const taken = new Set(h ? ["hazardCount", "hazards", ...h.checklist.map((c) => `${c.field}Hazard`)] : []);
  spec.fields.forEach((f, i) => {
    if (taken.has(f.key)) problems.push(`fields[${i}].key：“${f.key}”由 hazardLedger 使用`);
  });
  for (const key of Object.keys(p?.nothingNew ?? {})) if (!seen.has(key) && !taken.has(key)) refer("prefill.nothingNew", key, seen);
  if (spec.fields.length === 0 && !caps.planTargets) problems.push("fields：至少要有一个问题");
  return problems;
}

/** The capabilities a spec names, each with its options checked. */
function capabilitiesOf(spec: KindSpec, problems: string[]): CapabilityOptions {
  const out: Record<string, unknown> = {};
  for (const [name, options] of Object.entries(spec.capabilities ?? {})) {
    if (!isCapability(name)) {
      problems.push(`capabilities.${name}：没有这项能力（可用：${Object.keys(CAPABILITY_OPTIONS).join("、")}）`);
      continue;
    }
    const r = CAPABILITY_OPTIONS[name].safeParse(options);
    if (r.success) out[name] = r.data;
    else for (const i of r.error.issues.slice(0, 10)) problems.push(`capabilities.${name}.${wherePath(i.path)}：${i.message}`);
  }
  return out as CapabilityOptions;
}

/** Checks a spec whole and compiles it; throws BadSpec naming every problem. */
export function compileSpec(data: unknown): CompiledSpec {
  const spec = parseKindSpec(data);
  const problems: string[] = [];
  const capabilities = capabilitiesOf(spec, problems);
  if (!problems.length) problems.push(...crossProblems(spec, capabilities));
  const deadline =
    spec.period === "once"
      ? { problem: "一次性的收集（period 为 once）暂不支持，请用 week 或 month" }
      : parseDeadline(spec.deadline, spec.period);
  if ("problem" in deadline) problems.push(`deadline：${deadline.problem}`);
  // The 安全日报 carries the kinds whose words name a daily section, and those of the safety group.
  const words = compileWords(spec.words, spec.words?.daily !== undefined || spec.purpose === "安全", problems);
  if (problems.length || "problem" in deadline) throw new BadSpec(problems);

  const h = capabilities.hazardLedger;
  const additions: FormAdditions[] = h ? [hazardForm(h)] : [];
  const form = compileForm(spec, additions);
  const fields = form("").fields;
  return {
    spec,
    deadline,
    capabilities,
    form,
    data: fields.length ? dataSchema(fields) : null,
    prefill: compilePrefill(spec, fields, h ? (carried, last) => withoutLastHazards(h, carried, last) : undefined),
    words,
  };
}
