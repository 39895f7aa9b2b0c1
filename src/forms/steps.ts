/**
 * A form's questions in order for the answers so far: conditional fields
 * appear or vanish, a repeated group contributes its sub-fields once per item
 * (the count comes from an earlier answer). Reading and writing answers at a
 * cursor.
 */
import type { Answers, Cursor, Field, FormDef, Value } from "./types.js";

export type Step = { cursor: Cursor; field: Field; group?: Extract<Field, { type: "group" }>; item?: number; count?: number };

export function groupCount(answers: Answers, field: Extract<Field, { type: "group" }>): number {
  const n = typeof field.countFrom === "function" ? field.countFrom(answers) : answers[field.countFrom];
  return typeof n === "number" && n > 0 ? Math.min(Math.floor(n), 50) : 0;
}

export function steps(def: FormDef, answers: Answers): Step[] {
  const out: Step[] = [];
  for (const field of def.fields) {
    if (field.when && !field.when(answers)) continue;
    if (field.type !== "group") {
      out.push({ cursor: { field: field.key }, field });
      continue;
    }
    const count = groupCount(answers, field);
    const items = (answers[field.key] as Answers[] | undefined) ?? [];
    for (let i = 0; i < count; i++) {
      const item = items[i] ?? {};
      for (const sub of field.fields) {
        if (sub.when && !sub.when(answers, item)) continue;
        out.push({ cursor: { field: field.key, item: i, sub: sub.key }, field: sub, group: field, item: i, count });
      }
    }
  }
  return out;
}

export function sameCursor(a: Cursor | null | undefined, b: Cursor | null | undefined): boolean {
  return !!a && !!b && a.field === b.field && a.item === b.item && a.sub === b.sub;
}

export function getAnswer(answers: Answers, c: Cursor): Value | undefined {
  if (c.item === undefined || c.sub === undefined) return answers[c.field];
  const items = answers[c.field];
  return Array.isArray(items) ? items[c.item]?.[c.sub] : undefined;
}

/** Writes an answer; returns new answers (the stored state is never mutated in place). */
export function setAnswer(def: FormDef, answers: Answers, c: Cursor, value: Value): Answers {
  const next: Answers = { ...answers };
  if (c.item === undefined || c.sub === undefined) {
    next[c.field] = value;
    // A group's count changed: keep the items that still exist.
    for (const f of def.fields) {
      if (f.type === "group" && (f.countFrom === c.field || typeof f.countFrom === "function")) {
        const items = Array.isArray(next[f.key]) ? [...(next[f.key] as Answers[])] : [];
        next[f.key] = items.slice(0, groupCount(next, f));
      }
    }
    return next;
  }
  const items = Array.isArray(answers[c.field]) ? [...(answers[c.field] as Answers[])] : [];
  while (items.length <= c.item) items.push({});
  items[c.item] = { ...items[c.item], [c.sub]: value };
  next[c.field] = items;
  return next;
}

/** The first question without an answer (skipped counts as answered), or null when all are answered. */
export function firstUnanswered(def: FormDef, answers: Answers): Step | null {
  return steps(def, answers).find((s) => getAnswer(answers, s.cursor) === undefined) ?? null;
}

/** Answers of fields that are no longer asked (a condition turned false) are dropped before saving. */
export function visibleAnswers(def: FormDef, answers: Answers): Answers {
  const out: Answers = {};
  for (const s of steps(def, answers)) {
    const v = getAnswer(answers, s.cursor);
    if (v === undefined) continue;
    if (s.cursor.item === undefined) out[s.cursor.field] = v;
    else {
      const items = (out[s.cursor.field] as Answers[] | undefined) ?? [];
      while (items.length <= s.cursor.item) items.push({});
      const item = items[s.cursor.item] ?? {};
      item[s.cursor.sub as string] = v;
      out[s.cursor.field] = items;
    }
  }
  // Group counts themselves are top-level fields; an empty group stays an empty list.
  for (const f of def.fields) if (f.type === "group" && (!f.when || f.when(answers)) && !(f.key in out)) out[f.key] = [];
  return out;
}
