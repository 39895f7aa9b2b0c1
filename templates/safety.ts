/** Texts of the hazard ledger. */

/** A hazard as its lines show it (the ledger reads it; the texts say it). */
export type HazardView = {
  number: number;
  description: string;
  category: string;
  severity: string;
  deadline: string;
  responsible: string;
  overdue: boolean;
  status: string;
};

const date = (d: string) => {
  const [, m, dd] = d.split("-");
  return `${Number(m)}月${Number(dd)}日`;
};

export const safetyTexts = {
  /** Right after a checklist item answered 否 / 存在问题: the hazard it is, described first. */
  checklistHazardPrompt: (item: string) => `“${item}”有问题，这是一处隐患，请记录：具体在哪里、什么问题？`,
  checklistHazardItem: (item: string) => `${item}隐患`,
  /** The hazard count once checklist items recorded some: only the others are asked. */
  hazardsFoundTotal: () => "发现隐患合计",
  otherHazardsPrompt: (recorded: number) => `除上面记录的 ${recorded} 处，本次检查还发现其他隐患几处？没有请回复“0”。`,
  hazardLine: (h: HazardView) =>
    `${h.number}. [${h.severity}] ${h.description}（${h.category}，责任人${h.responsible}，${date(h.deadline)}前整改${h.overdue ? "，⚠️已逾期" : ""}）`,
  hazardList: (unitName: string, lines: string[]) =>
    lines.length
      ? [
          `${unitName}未整改的隐患 ${lines.length} 处：`,
          ...lines,
          "",
          "整改完成后发送“隐患 整改 编号 说明”，例如“隐患 整改 3 已更换灭火器”。",
        ].join("\n")
      : `${unitName}目前没有未整改的隐患。`,
  /** Above an all-clear's summary: an all-clear week does not close what is still open. */
  stillOpen: (lines: string[]) =>
    [`注意：本校仍有未整改的隐患 ${lines.length} 处（本周无异常不会关闭它们）：`, ...lines, "整改完成后发送“隐患 整改 编号 说明”。"].join(
      "\n",
    ),
  rectifyUsage: () => "请写成“隐患 整改 编号 说明”，例如“隐患 整改 3 已更换灭火器”。发送“隐患”查看编号。",
  rectifyNotFound: (n: number) => `没有编号为 ${n} 的隐患。发送“隐患”查看本校未整改隐患的编号。`,
  rectifyAlready: (n: number) => `隐患 ${n} 已经整改过了。`,
  rectifyWithdrawn: (n: number) => `隐患 ${n} 已在修改检查报告时撤销，无需整改。`,
  rectified: (n: number) => `✅ 隐患 ${n} 已标记为整改完成。如有整改后的照片，可以直接发送；不需要请回复“跳过”。`,
  rectifyPhotoTitle: (n: number) => `隐患${n}整改照片`,
  rectifyNoPhoto: () => "好的。",
  rectifyPhotoSaved: (n: number) => `已保存隐患 ${n} 的整改照片。`,
  majorAlert: (unit: string, n: number, desc: string, deadline: string, responsible: string, by: string) =>
    `🚨 重大隐患：${unit} 隐患${n}\n${desc}\n整改期限：${date(deadline)}，责任人：${responsible}\n报告人：${by}`,
} as const;
