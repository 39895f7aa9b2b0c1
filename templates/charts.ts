/** The words on chart images (titles, axes, legends). */
export const chartTexts = {
  townshipTitle: (week: string, kind: string) => `${week} ${kind}各乡镇完成率`,
  historyTitle: (kind: string) => `近 12 周${kind}完成率与未整改隐患`,
  completion: "完成率（%）",
  openHazards: "未整改隐患（处）",
  /** A kind's ratio (参与率) by township. */
  ratioTitle: (period: string, kind: string, label: string) => `${period} ${kind}各乡镇${label}`,
  ratioAxis: (label: string) => `${label}（%）`,
  /** A township with no name on the roster. */
  noTownship: "（未填乡镇）",
  /** When more townships than fit: the lowest shown. */
  lowest: (n: number, of: number) => `（最低的 ${n} 个，共 ${of} 个）`,
} as const;
