/**
 * What the hazard ledger adds to a kind's form: after each checklist item that is not normal, the hazard it is
 * (described, how serious, by when, who, a photo); before `others.before`, how many other hazards were found and
 * each of them with its category; and the total of hazards found, as officers sum it.
 */
import { ask, questions } from "../../../../templates/questions.js";
import { safetyTexts as st } from "../../../../templates/safety.js";
import type { Answers, Field, FormTotal } from "../../../forms/types.js";
import type { FormAdditions } from "../../compile-form.js";
import { holds } from "../../conditions.js";
import { type HazardLedgerOptions, hazardKey, OTHERS, OTHERS_COUNT, SEVERITIES } from "./options.js";

const q = questions.hazard;

/** How many checklist items were found not normal (each recorded as one hazard), among those asked. */
function checklistHazards(o: HazardLedgerOptions, fields: readonly Field[]) {
  const when = new Map(fields.map((f) => [f.key, f.when]));
  return (a: Answers) => o.checklist.filter((c) => holds(c.notNormal, a) && (when.get(c.field)?.(a) ?? true)).length;
}

/** A hazard's questions: where and what, (its category), how serious, by when, who; a photo if there is one. */
function hazardFields(description: Field, categories: readonly string[] | null): Field[] {
  return [
    description,
    ...(categories ? [{ key: "category", type: "choice", ...ask(q.category), options: categories } satisfies Field] : []),
    { key: "severity", type: "choice", ...ask(q.severity), options: SEVERITIES },
    { key: "deadline", type: "date", ...ask(q.deadline), notPast: true },
    { key: "responsible", type: "text", ...ask(q.responsible), maxLength: 20 },
    { key: "photo", type: "image", ...ask(q.photo), optional: true },
  ];
}

export function hazardForm(o: HazardLedgerOptions): FormAdditions {
  let counted: ((a: Answers) => number) | null = null;
  return {
    fields(fields) {
      counted = checklistHazards(o, fields);
      const count = counted;
      const out: Field[] = [];
      for (const field of fields) {
        if (field.key === o.others.before) {
          out.push(
            {
              key: OTHERS_COUNT,
              type: "integer",
              label: o.others.label,
              prompt: o.others.prompt,
              // Once checklist items recorded hazards, only the others are counted here.
              promptFor: (a) => {
                const n = count(a);
                return n ? st.otherHazardsPrompt(n) : o.others.prompt;
              },
              unit: "处",
              unitAliases: ["个", "项", "条"],
              min: 0,
              max: o.others.max,
            },
            {
              key: OTHERS,
              type: "group",
              ...ask(q.hazards),
              countFrom: OTHERS_COUNT,
              itemName: q.hazardItem[0],
              fields: hazardFields({ key: "description", type: "text", ...ask(q.description), maxLength: 200 }, o.categories),
            },
          );
        }
        out.push(field);
        const c = o.checklist.find((x) => x.field === field.key);
        if (!c) continue;
        const asked = field.when;
        out.push({
          key: hazardKey(c.field),
          type: "group",
          label: st.checklistHazardItem(c.name),
          prompt: "",
          itemName: st.checklistHazardItem(c.name),
          countFrom: (a) => (holds(c.notNormal, a) && (!asked || asked(a)) ? 1 : 0),
          fields: hazardFields(
            { key: "description", type: "text", label: q.description[0], prompt: st.checklistHazardPrompt(c.name), maxLength: 200 },
            null,
          ),
        });
      }
      return out;
    },
    // What an officer sums: every hazard the report recorded (the count field counts only those beyond the checklist).
    totals: [
      {
        key: "hazardsFound",
        label: st.hazardsFoundTotal(),
        unit: "处",
        of: (a) => (counted ? counted(a) : 0) + Number(a[OTHERS_COUNT] ?? 0),
      } satisfies FormTotal,
    ],
  };
}

export type HazardAnswer = {
  description: string;
  category: string;
  severity: (typeof SEVERITIES)[number];
  deadline: string;
  responsible: string;
  photo: { photoId: number } | null;
};

/** Every hazard a report records: the checklist items' first (in the checklist's order), then the others. */
export function hazardsOf(o: HazardLedgerOptions, answers: Answers): HazardAnswer[] {
  const items = (key: string) => (Array.isArray(answers[key]) ? (answers[key] as Answers[]) : []);
  const list: Answers[] = [
    ...o.checklist.flatMap((c) => items(hazardKey(c.field)).map((h): Answers => ({ ...h, category: c.category }))),
    ...items(OTHERS),
  ];
  return list.map((h) => ({
    description: String(h.description ?? ""),
    category: String(h.category ?? "其他"),
    severity: (SEVERITIES as readonly string[]).includes(String(h.severity)) ? (h.severity as HazardAnswer["severity"]) : "一般",
    deadline: String(h.deadline ?? ""),
    responsible: String(h.responsible ?? ""),
    photo:
      h.photo && typeof h.photo === "object" && "photoId" in h.photo ? { photoId: Number((h.photo as { photoId: number }).photoId) } : null,
  }));
}

/** `同上期` does not carry a checklist item that was not normal: it would record last week's hazard a second time. */
export function withoutLastHazards(o: HazardLedgerOptions, carried: Answers, last: Answers): Answers {
  const out = { ...carried };
  for (const c of o.checklist) if (holds(c.notNormal, last)) delete out[c.field];
  return out;
}
