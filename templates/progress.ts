/** Texts of 进度 (plan targets). */
const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));

export const progressTexts = {
  formTitle: (unit: string, target: string) => `${unit}“${target}”进度`,
  valuePrompt: (target: string, measure: string, perUnit: boolean) =>
    perUnit ? `“${target}”：本单位已完成请回复“1”，未完成回复“0”。` : `“${target}”目前累计完成多少（${measure}）？请填截至今天的累计数。`,
  saved: (target: string) => `✅ 已记录“${target}”的进度。发送“进度”查看全部指标。`,
  listHeading: (unit: string, plan: string) => `${unit}需要填报的${plan}指标：`,
  line: (i: number, name: string, current: string, goal: string) => `${i}. ${name}：${current}（目标 ${goal}）`,
  listFooter: () => "回复“进度 序号”更新其中一项，例如“进度 2”。",
  none: (unit: string) => `${unit}没有需要填报的计划指标。`,
  noPlan: () => "还没有导入年度工作计划，请联系管理员。",
  badIndex: (n: number) => `请回复“进度 1”到“进度 ${n}”之间的序号。`,
  notReported: () => "未填报",
  milestoneDone: (date: string | null) => (date ? `已完成（${date}）` : "已完成"),
  milestoneOpen: () => "未完成",
  goal: (comparator: string | null, value: number | null, valueMax: number | null, measure: string | null) => {
    if (value === null) return "完成";
    const m = measure ?? "";
    if (comparator === "range") return `${fmt(value)}–${fmt(valueMax ?? value)}${m}`;
    if (comparator === "gt") return `超过${fmt(value)}${m}`;
    if (comparator === "lte") return `不超过${fmt(value)}${m}`;
    return `${fmt(value)}${m}${comparator === "gte" && m !== "%" ? "以上" : ""}`;
  },
  value: (v: number, measure: string) => `${fmt(v)}${measure}`,
  /** The plan a digest or 汇总 measures against; an earlier year's is said to be carried over. */
  planName: (title: string, planYear: number, year: number) => (planYear < year ? `${title}（沿用${planYear}年计划）` : title),
} as const;
