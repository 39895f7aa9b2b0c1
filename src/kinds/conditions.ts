/**
 * A spec's conditions on answers (`showIf`, a checklist item's `notNormal`): `{field, is}` holds when the answer is
 * that value, `{field, not}` when it is not (an unanswered field is "not" anything), `{field, in}` when it is one of
 * them; `all` / `any` combine. Inside a repeated group's item, the item's own answers are read first.
 */
import type { Answers } from "../forms/types.js";
import type { Condition } from "./spec.js";

export function holds(c: Condition, answers: Answers, item?: Answers): boolean {
  if ("all" in c) return c.all.every((x) => holds(x, answers, item));
  if ("any" in c) return c.any.some((x) => holds(x, answers, item));
  const v = item && c.field in item ? item[c.field] : answers[c.field];
  if ("is" in c) return v === c.is;
  if ("not" in c) return v !== c.not;
  return c.in.some((x) => x === v);
}

/** The fields a condition reads. */
export function fieldsOf(c: Condition): string[] {
  if ("all" in c) return c.all.flatMap(fieldsOf);
  if ("any" in c) return c.any.flatMap(fieldsOf);
  return [c.field];
}
