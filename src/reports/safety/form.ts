/**
 * The weekly campus safety inspection (plan section 一(三)): 生命通道, 微型消防站,
 * 高层建筑消防, 校车, 食堂, 安全教育平台 coverage, and each hazard found.
 */
import { ask, questions } from "../../../templates/questions.js";
import { safetyTexts as st } from "../../../templates/safety.js";
import type { Answers, Field, FormDef } from "../../forms/types.js";

const q = questions.safety;

export const HAZARD_CATEGORIES = ["消防", "用电", "燃气", "食品安全", "校车交通", "建筑设施", "其他"] as const;
export const SEVERITIES = ["一般", "较大", "重大"] as const;
export type Severity = (typeof SEVERITIES)[number];

const hasStation = (a: Checked) => a.stationBuilt === true;

/** Answers as the form holds them, or a stored report's data: the checklist items are read alike. */
type Checked = Readonly<Record<string, unknown>>;

/**
 * Checklist items whose answer, when not normal, is a hazard (隐患即事故, DESIGN.md domain rules): the form
 * records it right after the item, its category given by the item. (A 微型消防站 not yet built is a fact
 * the plan asks about, not a hazard at a place: it is not among them.)
 */
export const CHECKLIST_HAZARDS = [
  { item: "lifePassage", name: "生命通道", category: "消防", bad: (a: Checked) => a.lifePassage === false },
  { item: "stationEquipment", name: "微型消防站器材", category: "消防", bad: (a: Checked) => a.stationEquipment === false },
  { item: "stationOnDuty", name: "微型消防站值守", category: "消防", bad: (a: Checked) => a.stationOnDuty === false },
  { item: "highRise", name: "高层建筑消防", category: "消防", bad: (a: Checked) => a.highRise === "存在问题" },
  { item: "schoolBus", name: "校车", category: "校车交通", bad: (a: Checked) => a.schoolBus === "存在问题" },
  { item: "canteenFood", name: "食堂食品安全", category: "食品安全", bad: (a: Checked) => a.canteenFood === "存在问题" },
  { item: "canteenGasPower", name: "食堂燃气用电", category: "燃气", bad: (a: Checked) => a.canteenGasPower === false },
  { item: "canteenTraining", name: "食堂从业人员培训", category: "食品安全", bad: (a: Checked) => a.canteenTraining === false },
] as const satisfies readonly { item: string; name: string; category: (typeof HAZARD_CATEGORIES)[number]; bad(a: Checked): boolean }[];

const hazardKey = (item: string) => `${item}Hazard`;
/** How many checklist items were found not normal (each recorded as one hazard). */
const checklistHazardCount = (a: Answers) => CHECKLIST_HAZARDS.filter((c) => c.bad(a)).length;

/** The hazard's questions: where and what, how serious, by when, who; a photo if there is one. */
function hazardFields(description: Field, withCategory: boolean): Field[] {
  return [
    description,
    ...(withCategory ? [{ key: "category", type: "choice", ...ask(q.category), options: HAZARD_CATEGORIES } satisfies Field] : []),
    { key: "severity", type: "choice", ...ask(q.severity), options: SEVERITIES },
    { key: "deadline", type: "date", ...ask(q.deadline), notPast: true },
    { key: "responsible", type: "text", ...ask(q.responsible), maxLength: 20 },
    { key: "photo", type: "image", ...ask(q.photo), optional: true },
  ];
}

/** A checklist item followed, when not normal, by the hazard it is. */
function withHazard(field: Field): Field[] {
  const c = CHECKLIST_HAZARDS.find((x) => x.item === field.key);
  if (!c) return [field];
  const description: Field = {
    key: "description",
    type: "text",
    label: q.description[0],
    prompt: st.checklistHazardPrompt(c.name),
    maxLength: 200,
  };
  return [
    field,
    {
      key: hazardKey(c.item),
      type: "group",
      label: st.checklistHazardItem(c.name),
      prompt: "",
      itemName: st.checklistHazardItem(c.name),
      countFrom: (a) => (c.bad(a) && (!field.when || field.when(a)) ? 1 : 0),
      fields: hazardFields(description, false),
    },
  ];
}
const hasCanteen = (a: Checked) => a.canteenFood !== undefined && a.canteenFood !== "无食堂";

export function safetyForm(title: string): FormDef {
  return {
    id: "safety",
    title,
    fields: [
      ...(
        [
          { key: "lifePassage", type: "yesno", ...ask(q.lifePassage) },
          // The school's facts (asked once: known ones are prefilled, src/reports/safety/prefill.ts).
          { key: "stationBuilt", type: "yesno", ...ask(q.stationBuilt), hint: st.factHint() },
          { key: "stationEquipment", type: "yesno", ...ask(q.stationEquipment), when: hasStation },
          { key: "stationOnDuty", type: "yesno", ...ask(q.stationOnDuty), when: hasStation },
          { key: "highRise", type: "choice", ...ask(q.highRise), options: ["符合要求", "存在问题", "不适用"], hint: st.factHint("不适用") },
          { key: "schoolBus", type: "choice", ...ask(q.schoolBus), options: ["正常", "存在问题", "不适用"], hint: st.factHint("不适用") },
          {
            key: "canteenFood",
            type: "choice",
            ...ask(q.canteenFood),
            options: ["正常", "存在问题", "无食堂"],
            hint: st.factHint("无食堂"),
          },
          { key: "canteenGasPower", type: "yesno", ...ask(q.canteenGasPower), when: hasCanteen },
          { key: "canteenTraining", type: "yesno", ...ask(q.canteenTraining), when: hasCanteen },
        ] satisfies Field[]
      ).flatMap(withHazard),
      { key: "platformClasses", type: "percent", ...ask(q.platformClasses) },
      { key: "platformStudents", type: "percent", ...ask(q.platformStudents) },
      {
        key: "hazardCount",
        type: "integer",
        ...ask(q.hazardCount),
        // Once checklist items recorded hazards, only the others are counted here.
        promptFor: (a) => {
          const n = checklistHazardCount(a);
          return n ? st.otherHazardsPrompt(n) : q.hazardCount[1];
        },
        unit: "处",
        unitAliases: ["个", "项", "条"],
        min: 0,
        max: 20,
      },
      {
        key: "hazards",
        type: "group",
        ...ask(q.hazards),
        countFrom: "hazardCount",
        itemName: q.hazardItem[0],
        fields: hazardFields({ key: "description", type: "text", ...ask(q.description), maxLength: 200 }, true),
      },
      { key: "note", type: "text", ...ask(q.note), maxLength: 300, optional: true },
    ],
    // What an officer sums: every hazard the report recorded (hazardCount counts only those beyond the checklist).
    totals: [
      { key: "hazardsFound", label: st.hazardsFoundTotal(), unit: "处", of: (a) => checklistHazardCount(a) + Number(a.hazardCount ?? 0) },
    ],
  };
}

export type HazardAnswer = {
  description: string;
  category: string;
  severity: Severity;
  deadline: string;
  responsible: string;
  photo: { photoId: number } | null;
};

/** Every hazard a report records: the checklist items' first (in the checklist's order), then the others. */
export function hazardsOf(answers: Answers): HazardAnswer[] {
  const items = (key: string) => (Array.isArray(answers[key]) ? (answers[key] as Answers[]) : []);
  const list: Answers[] = [
    ...CHECKLIST_HAZARDS.flatMap((c) => items(hazardKey(c.item)).map((h): Answers => ({ ...h, category: c.category }))),
    ...items("hazards"),
  ];
  return list.map((h) => ({
    description: String(h.description ?? ""),
    category: String(h.category ?? "其他"),
    severity: (SEVERITIES as readonly string[]).includes(String(h.severity)) ? (h.severity as Severity) : "一般",
    deadline: String(h.deadline ?? ""),
    responsible: String(h.responsible ?? ""),
    photo:
      h.photo && typeof h.photo === "object" && "photoId" in h.photo ? { photoId: Number((h.photo as { photoId: number }).photoId) } : null,
  }));
}
