/**
 * The weekly campus safety inspection (plan section 一(三)): 生命通道, 微型消防站,
 * 高层建筑消防, 校车, 食堂, 安全教育平台 coverage, and each hazard found.
 */
import { ask, questions } from "../../../templates/questions.js";
import type { Answers, FormDef } from "../../forms/types.js";

const q = questions.safety;

export const HAZARD_CATEGORIES = ["消防", "用电", "燃气", "食品安全", "校车交通", "建筑设施", "其他"] as const;
export const SEVERITIES = ["一般", "较大", "重大"] as const;
export type Severity = (typeof SEVERITIES)[number];

const hasStation = (a: Answers) => a.stationBuilt === true;
const hasCanteen = (a: Answers) => a.canteenFood !== undefined && a.canteenFood !== "无食堂";

export function safetyForm(title: string): FormDef {
  return {
    id: "safety",
    title,
    fields: [
      { key: "lifePassage", type: "yesno", ...ask(q.lifePassage) },
      { key: "stationBuilt", type: "yesno", ...ask(q.stationBuilt) },
      { key: "stationEquipment", type: "yesno", ...ask(q.stationEquipment), when: hasStation },
      { key: "stationOnDuty", type: "yesno", ...ask(q.stationOnDuty), when: hasStation },
      { key: "highRise", type: "choice", ...ask(q.highRise), options: ["符合要求", "存在问题", "不适用"] },
      { key: "schoolBus", type: "choice", ...ask(q.schoolBus), options: ["正常", "存在问题", "不适用"] },
      { key: "canteenFood", type: "choice", ...ask(q.canteenFood), options: ["正常", "存在问题", "无食堂"] },
      { key: "canteenGasPower", type: "yesno", ...ask(q.canteenGasPower), when: hasCanteen },
      { key: "canteenTraining", type: "yesno", ...ask(q.canteenTraining), when: hasCanteen },
      { key: "platformClasses", type: "percent", ...ask(q.platformClasses) },
      { key: "platformStudents", type: "percent", ...ask(q.platformStudents) },
      { key: "hazardCount", type: "integer", ...ask(q.hazardCount), unit: "处", unitAliases: ["个", "项", "条"], min: 0, max: 20 },
      {
        key: "hazards",
        type: "group",
        ...ask(q.hazards),
        countFrom: "hazardCount",
        itemName: q.hazardItem[0],
        fields: [
          { key: "description", type: "text", ...ask(q.description), maxLength: 200 },
          { key: "category", type: "choice", ...ask(q.category), options: HAZARD_CATEGORIES },
          { key: "severity", type: "choice", ...ask(q.severity), options: SEVERITIES },
          { key: "deadline", type: "date", ...ask(q.deadline), notPast: true },
          { key: "responsible", type: "text", ...ask(q.responsible), maxLength: 20 },
          { key: "photo", type: "image", ...ask(q.photo), optional: true },
        ],
      },
      { key: "note", type: "text", ...ask(q.note), maxLength: 300, optional: true },
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

export function hazardsOf(answers: Answers): HazardAnswer[] {
  const list = Array.isArray(answers.hazards) ? answers.hazards : [];
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
