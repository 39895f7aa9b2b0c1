/** Texts of 进度 (plan targets). */
const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));

export const progressTexts = {
  formTitle: (unit: string, target: string) => `${unit}“${target}”进度`,
  /** A quantity's question, in its unit; `perGoal`: what one unit must reach to count as meeting it. `current`: shown. */
  valuePrompt: (target: string, measure: string, perGoal: string | null, current: string) => {
    const now = `（当前：${current || "未填报"}）`;
    if (measure === "%")
      return perGoal
        ? `“${target}”：本单位目前达到百分之多少？例如“98%”。达到${perGoal}计为达标${now}`
        : `“${target}”：目前累计完成的比例是多少？例如“98%”${now}`;
    return perGoal
      ? `“${target}”：本单位目前完成多少（${measure}）？例如“1”。达到${perGoal}计为达标${now}`
      : `“${target}”目前累计完成多少（${measure}）？请填截至今天的累计数${now}`;
  },
  /** A milestone's question: done or not (a date follows when done). */
  milestonePrompt: (target: string, current: string) => `“${target}”是否已经完成？回复“已完成”或“未完成”（当前：${current || "未填报"}）`,
  /** How a target that counts units is computed, after its figure: 达标单位 0/3（达到100%计为达标）. */
  basis: (meeting: number, of: number, perGoal: string) => `（达标单位 ${meeting}/${of}，单位达到${perGoal}计为达标）`,
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
  /** The plan a digest or 汇总 measures against, with its year when its title does not say it (the admins are told when it is not this year's). */
  planName: (title: string, planYear: number, _year: number) => (title.includes(String(planYear)) ? title : `${title}（${planYear}年）`),
  /** To the admins, once a year: the plan in use is an earlier year's, and how to load this year's. */
  planNotLoaded: (year: number, planYear: number) =>
    `📋 ${year}年的工作计划还没有导入：摘要、汇总和“进度”仍按${planYear}年的计划统计。请把今年的工作意见（计划文件）交给系统运维人员导入：npm run cli -- plan load 计划文件.json；导入后自动改用${year}年的计划，${planYear}年的填报记录保留。`,
} as const;
