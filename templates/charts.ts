/** The words on chart images (titles, axes, legends). */
export const chartTexts = {
  townshipTitle: (week: string) => `${week} 安全检查各乡镇完成率`,
  historyTitle: () => "近 12 周安全检查完成率与未整改隐患",
  completion: "完成率（%）",
  openHazards: "未整改隐患（处）",
  participationTitle: (month: string) => `${month} 课后服务各乡镇参与率`,
  participation: "参与率（%）",
  /** A township with no name on the roster. */
  noTownship: "（未填乡镇）",
  /** When more townships than fit: the lowest shown. */
  lowest: (n: number, of: number) => `（最低的 ${n} 个，共 ${of} 个）`,
} as const;
