/**
 * The weekly campus safety inspection (plan section 一(三)): 生命通道, 微型消防站,
 * 高层建筑消防, 校车, 食堂, 安全教育平台 coverage, and each hazard found.
 */
import type { Answers, FormDef } from "../../bot/forms/types.js";

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
      { key: "lifePassage", type: "yesno", label: "生命通道畅通", prompt: "生命通道（疏散通道、安全出口）是否畅通？回复“是”或“否”。" },
      { key: "stationBuilt", type: "yesno", label: "微型消防站已建成", prompt: "微型消防站是否已建成？" },
      { key: "stationEquipment", type: "yesno", label: "消防站器材齐全", prompt: "微型消防站器材是否齐全？", when: hasStation },
      { key: "stationOnDuty", type: "yesno", label: "消防站值守到位", prompt: "微型消防站是否值守到位？", when: hasStation },
      {
        key: "highRise",
        type: "choice",
        label: "高层建筑消防",
        prompt: "高层建筑消防安全管理情况：\n1. 符合要求\n2. 存在问题\n3. 不适用（无高层建筑）",
        options: ["符合要求", "存在问题", "不适用"],
      },
      {
        key: "schoolBus",
        type: "choice",
        label: "校车（车辆、驾驶员、随车照管员）",
        prompt: "校车情况（车辆、驾驶员、随车照管员）：\n1. 正常\n2. 存在问题\n3. 不适用（无校车）",
        options: ["正常", "存在问题", "不适用"],
      },
      {
        key: "canteenFood",
        type: "choice",
        label: "食堂食品安全",
        prompt: "食堂食品安全情况：\n1. 正常\n2. 存在问题\n3. 无食堂",
        options: ["正常", "存在问题", "无食堂"],
      },
      { key: "canteenGasPower", type: "yesno", label: "食堂燃气用电安全", prompt: "食堂燃气、用电是否安全？", when: hasCanteen },
      { key: "canteenTraining", type: "yesno", label: "食堂从业人员已培训", prompt: "食堂从业人员是否已完成安全培训？", when: hasCanteen },
      {
        key: "platformClasses",
        type: "percent",
        label: "安全教育平台班级覆盖率",
        prompt: "安全教育平台班级覆盖率是多少？（例如“100”或“98%”）",
      },
      { key: "platformStudents", type: "percent", label: "安全教育平台学生覆盖率", prompt: "安全教育平台学生覆盖率是多少？" },
      {
        key: "hazardCount",
        type: "integer",
        label: "发现隐患数",
        prompt: "本次检查发现隐患几处？没有请回复“0”。",
        unit: "处",
        unitAliases: ["个", "项", "条"],
        min: 0,
        max: 20,
      },
      {
        key: "hazards",
        type: "group",
        label: "隐患",
        prompt: "",
        countFrom: "hazardCount",
        itemName: "隐患",
        fields: [
          { key: "description", type: "text", label: "描述", prompt: "请描述这处隐患（在哪里、什么问题）。", maxLength: 200 },
          {
            key: "category",
            type: "choice",
            label: "类别",
            prompt: "隐患类别：\n1. 消防\n2. 用电\n3. 燃气\n4. 食品安全\n5. 校车交通\n6. 建筑设施\n7. 其他",
            options: HAZARD_CATEGORIES,
          },
          { key: "severity", type: "choice", label: "严重程度", prompt: "严重程度：\n1. 一般\n2. 较大\n3. 重大", options: SEVERITIES },
          { key: "deadline", type: "date", label: "整改期限", prompt: "整改期限是哪天？（例如“下周五”“3月20日”）", notPast: true },
          { key: "responsible", type: "text", label: "责任人", prompt: "整改责任人是谁？", maxLength: 20 },
          { key: "photo", type: "image", label: "照片", prompt: "请拍一张隐患照片发送过来；没有照片请回复“跳过”。", optional: true },
        ],
      },
      { key: "note", type: "text", label: "备注", prompt: "还有需要说明的吗？没有请回复“跳过”。", maxLength: 300, optional: true },
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
