/** 课后服务 (monthly, during terms): the form and the participation rate. */
import type { Answers, FormDef } from "../../bot/forms/types.js";
import { REPORT_KINDS } from "../kinds.js";
import type { KindModule } from "../report-form.js";

export function afterschoolForm(title: string): FormDef {
  return {
    id: "afterschool",
    title,
    fields: [
      { key: "enrolled", type: "integer", label: "在校生数", prompt: "在校生有多少人？", unit: "人", min: 1, max: 20_000 },
      {
        key: "participants",
        type: "integer",
        label: "参加课后服务学生数",
        prompt: "参加课后服务的学生有多少人？",
        unit: "人",
        min: 0,
        maxFrom: (a) => (typeof a.enrolled === "number" ? { max: a.enrolled, why: "在校生数" } : null),
      },
      { key: "teachers", type: "integer", label: "参与教师数", prompt: "参与课后服务的教师有多少人？", unit: "人", min: 0, max: 3_000 },
      { key: "daysPerWeek", type: "integer", label: "每周开展天数", prompt: "每周开展几天？（0–7）", unit: "天", min: 0, max: 7 },
      {
        key: "endTime",
        type: "time",
        label: "每日结束时间",
        prompt: "每天几点结束？（例如“17:30”或“下午5点半”）",
        when: (a) => a.daysPerWeek !== 0,
      },
      { key: "specialCourses", type: "integer", label: "特色课程数", prompt: "开设特色课程多少门？", unit: "门", min: 0, max: 500 },
      { key: "charged", type: "yesno", label: "是否收费", prompt: "课后服务是否收费？" },
      {
        key: "fee",
        type: "decimal",
        label: "收费标准（元/生/学期）",
        prompt: "收费标准是每生每学期多少元？",
        unit: "元",
        unitAliases: ["元/生/学期", "元每生每学期", "元/人/学期"],
        min: 0,
        max: 10_000,
        when: (a) => a.charged === true,
      },
      { key: "outsideInstitutions", type: "yesno", label: "有校外培训机构进校", prompt: "是否有校外培训机构进校提供服务？" },
      { key: "note", type: "text", label: "备注", prompt: "还有需要说明的吗？没有请回复“跳过”。", maxLength: 300, optional: true },
    ],
  };
}

/** Participation rate in percent, one decimal. */
export function participationRate(a: Answers): number | null {
  const e = Number(a.enrolled);
  const p = Number(a.participants);
  return e > 0 && Number.isFinite(p) ? Math.round((p / e) * 1000) / 10 : null;
}

export const afterschoolModule: KindModule = {
  kind: REPORT_KINDS.afterschool,
  form: (title) => afterschoolForm(title),
  async afterSave(_tx, _ctx, _id, answers) {
    const rate = participationRate(answers);
    return rate === null ? [] : [`参与率 ${rate}%。`];
  },
};
