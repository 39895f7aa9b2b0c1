/**
 * What a kind's report stores, derived from its form (docs/DESIGN.md: each bound is written once): every answer with the
 * bounds it was asked with, each answer present exactly when its question is asked, each repeated group as long as
 * its count says, each bound on another answer held. Checked before a report is stored, on every path.
 */
import { z } from "zod";
import { reasons } from "../../templates/forms.js";
import { groupCount } from "../forms/steps.js";
import type { Answers, Field } from "../forms/types.js";

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}$/;
const Photo = z.object({ mediaId: z.string(), photoId: z.number().int() });

/** One answer's own shape (its type and fixed bounds). */
function valueSchema(f: Exclude<Field, { type: "group" }>): z.ZodType {
  switch (f.type) {
    case "yesno":
      return z.boolean();
    case "choice":
      return z.enum(f.options as [string, ...string[]]);
    case "integer":
    case "decimal": {
      let n = f.type === "integer" ? z.number().int() : z.number();
      if (f.min !== undefined) n = n.min(f.min);
      if (f.max !== undefined) n = n.max(f.max);
      return n;
    }
    case "percent":
      return z.number().min(0).max(100);
    case "date":
      return z.string().regex(DATE);
    case "time": {
      const w = f.window;
      const t = z.string().regex(TIME);
      return w ? t.refine((v) => v >= w.from && v <= w.to, reasons.timeWindow(w.from, w.to)) : t;
    }
    case "text":
      return z.string().min(1).max(f.maxLength);
    case "image":
      return Photo;
  }
}

type Issue = (path: (string | number)[], message: string) => void;

/** The rules across answers of a list of fields (the top level, or one item of a group). */
function checkFields(fields: readonly Field[], answers: Answers, item: Answers | undefined, at: (string | number)[], issue: Issue): void {
  const own = item ?? answers;
  for (const f of fields) {
    const v = own[f.key];
    const asked = !f.when || f.when(answers, item);
    const path = [...at, f.key];
    if (!asked) {
      if (v !== undefined && !(f.type === "group" && Array.isArray(v) && v.length === 0)) issue(path, `“${f.label}”此时不用填，却有答案`);
      continue;
    }
    if (f.type === "group") {
      const n = item ? 0 : groupCount(answers, f);
      const items = Array.isArray(v) ? (v as Answers[]) : [];
      if (v !== undefined && !Array.isArray(v)) issue(path, `“${f.label}”应为一组记录`);
      else if (items.length !== n) issue(path, `${f.label}应有 ${n} 处，记录了 ${items.length} 处`);
      items.forEach((it, i) => {
        checkFields(f.fields, answers, it, [...path, i], issue);
      });
      continue;
    }
    if (v === undefined || v === null) {
      if (!f.optional) issue(path, `“${f.label}”没有填写`);
      continue;
    }
    const r = valueSchema(f).safeParse(v);
    if (!r.success) {
      issue(path, `“${f.label}”的答案不合要求`);
      continue;
    }
    if ((f.type === "integer" || f.type === "decimal") && typeof v === "number") {
      const bound = f.maxFrom?.(answers);
      if (bound && v > bound.max) issue(path, reasons.maxFrom(bound.why, bound.max, f.unit));
    }
  }
}

/** The schema of what a form stores: any object whose answers hold every rule of the form's fields. */
export function dataSchema(fields: readonly Field[]): z.ZodType<Answers> {
  return z.record(z.string(), z.unknown()).superRefine((answers, ctx) => {
    checkFields(fields, answers as Answers, undefined, [], (path, message) => ctx.addIssue({ code: "custom", path, message }));
  }) as unknown as z.ZodType<Answers>;
}
