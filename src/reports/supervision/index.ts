/** 督导 (monthly; an inspector's visit to each assigned school): the form. */
import type { Answers, Field, FormDef } from "../../bot/forms/types.js";
import { REPORT_KINDS } from "../kinds.js";
import type { KindModule } from "../report-form.js";

/** 五项管理: 作业、睡眠、手机、读物、体质. */
export const FIVE_ITEMS = [
  ["homework", "作业"],
  ["sleep", "睡眠"],
  ["phone", "手机"],
  ["reading", "读物"],
  ["fitness", "体质"],
] as const;

function fiveItemFields(): Field[] {
  return FIVE_ITEMS.flatMap(([key, name]): Field[] => [
    { key, type: "yesno", label: `${name}管理达标`, prompt: `${name}管理是否达标？回复“是”（达标）或“否”（不达标）。` },
    {
      key: `${key}Note`,
      type: "text",
      label: `${name}管理问题`,
      prompt: `${name}管理存在什么问题？`,
      maxLength: 200,
      when: (a: Answers) => a[key] === false,
    },
  ]);
}

export function supervisionForm(title: string): FormDef {
  return {
    id: "supervision",
    title,
    fields: [
      { key: "visitDate", type: "date", label: "督查日期", prompt: "哪天到校督查的？（例如“今天”“3月8日”）", notFuture: true },
      ...fiveItemFields(),
      { key: "afterschool", type: "text", label: "课后服务情况", prompt: "课后服务方面看到了什么？（一两句话）", maxLength: 300 },
      { key: "conduct", type: "text", label: "办学规范情况", prompt: "办学规范方面看到了什么？（一两句话）", maxLength: 300 },
      { key: "note", type: "text", label: "其他", prompt: "还有其他需要说明的吗？没有请回复“跳过”。", maxLength: 300, optional: true },
    ],
  };
}

export function failedItems(a: Answers): string[] {
  return FIVE_ITEMS.filter(([key]) => a[key] === false).map(([, name]) => name);
}

export const supervisionModule: KindModule = {
  kind: REPORT_KINDS.supervision,
  form: (title) => supervisionForm(title),
  async afterSave(_tx, _ctx, _id, answers) {
    const failed = failedItems(answers);
    return [failed.length ? `五项管理不达标：${failed.join("、")}。` : "五项管理全部达标。"];
  },
};
