/** What the bot says to admins configuring groups, terms and holidays. */
export const admin = {
  groupUsage: (purposes: readonly string[]) =>
    [
      "群命令：",
      "· 群 绑定 名称 机器人webhook地址或key [用途]",
      "· 群 绑定 名称 应用群 chatid [用途]",
      "· 群 列表",
      "· 群 删除 名称",
      `用途可写 ${purposes.join("、")}（默认综合）。`,
    ].join("\n"),
  badKey: () => "没认出机器人的 webhook 地址或 key。请在群机器人的资料页复制完整的 webhook 地址发过来。",
  badChatId: () => "应用群的 chatid 应为 1–32 位字母或数字。",
  badPurpose: (p: string, purposes: readonly string[], example: string) =>
    `用途“${p}”不认识，请写 ${purposes.slice(0, -1).join("、")} 或 ${purposes.at(-1) ?? "综合"}（也可以写报表的名称，如“${example}”）。`,
  groupBound: (name: string, channel: string, purpose: string, masked: string) =>
    `✅ 已绑定群“${name}”（${channel}，用途：${purpose}，${masked}）。`,
  groupList: (lines: string[]) => (lines.length ? ["已绑定的群：", ...lines].join("\n") : "还没有绑定任何群。发送“群”查看绑定方法。"),
  groupLine: (name: string, channel: string, purpose: string, masked: string) => `· ${name}：${channel}，用途 ${purpose}，${masked}`,
  groupDeleted: (name: string) => `已删除群“${name}”的绑定。`,
  groupMissing: (name: string) => `没有名为“${name}”的群。发送“群 列表”查看。`,
  termUsage: (year: number) =>
    `学期命令：\n· 学期 设置 开始日期 结束日期（例如“学期 设置 ${year}-09-01 ${year + 1}-01-20”）\n· 学期 列表\n· 学期 删除 编号`,
  termBadDates: (year: number) => `没看懂日期。请写成“学期 设置 ${year}-09-01 ${year + 1}-01-20”，结束日期要晚于开始日期。`,
  termSet: (id: number, start: string, end: string) => `✅ 已设置学期 ${id}：${start} 至 ${end}。课后服务只在学期内的月份需要填报。`,
  termList: (lines: string[]) =>
    lines.length
      ? ["学期：", ...lines, "不在任何学期内的月份（寒暑假）不需要填报课后服务。"].join("\n")
      : "还没有设置学期：目前每个月都需要填报课后服务。发送“学期 设置 开始日期 结束日期”设置。",
  termLine: (id: number, start: string, end: string) => `${id}. ${start} 至 ${end}`,
  termDeleted: (id: number) => `已删除学期 ${id}。`,
  termMissing: () => "没有这个编号的学期。发送“学期 列表”查看。",
  goLiveShown: (day: string | null) =>
    day
      ? `各校从 ${day} 起开始填报：此前结束的各期不算未报（每所学校也不早于它进入名册的那天）。改期请发送“上线 日期”，取消请发送“上线 取消”。`
      : "没有设置开始填报的日期：每所学校从进入名册的那天起开始填报。要统一从某天开始，请发送“上线 2026-09-01”这样的命令。",
  goLiveSet: (day: string) => `✅ 已设置：各校从 ${day} 起开始填报。此前结束的各期不再列为未报，不催报，也不计入汇总、摘要和导出。`,
  goLiveCleared: () => "✅ 已取消统一的开始日期：每所学校从进入名册的那天起开始填报。",
  goLiveBad: (year: number) => `没看懂日期。请写成“上线 ${year}-09-01”这样，或“上线 取消”。`,
  holidayUsage: () =>
    [
      "节假日命令：",
      "· 节假日 列表 [年份]",
      "· 节假日 设置 年份 放假 日期… 调休上班 日期…（在已录入的基础上增加，按通知陆续录入即可）",
      "· 节假日 替换 年份 放假 日期… 调休上班 日期…（清空这一年已录入的，再录入）",
      "· 节假日 删除 年份 日期…",
      "日期可写 10-01 或 10月1日，连续的写 10-01~10-07 或 10-01..10-07。例如：节假日 设置 2027 放假 10-01~10-07 调休上班 09-26 10-09",
    ].join("\n"),
  holidayBadDate: (token: string) => `没看懂日期“${token}”。请写 10-01、10月1日，或连续的 10-01~10-07、10-01..10-07。`,
  holidaySet: (year: number, holidays: number, workdays: number, replaced: boolean) =>
    `✅ ${replaced ? `已替换 ${year} 年录入的节假日` : `已为 ${year} 年增加`}：放假 ${holidays} 天，调休上班 ${workdays} 天。这些日期优先于内置日历。这一年现在是：`,
  holidayRemoved: (year: number, n: number) =>
    n ? `已删除 ${year} 年录入的 ${n} 天。这一年现在是：` : `这些日期没有录入过，未做改动。${year} 年现在是：`,
  holidayList: (year: number, holidays: string, workdays: string, source: string) =>
    [`${year} 年（${source}）`, `放假：${holidays || "无"}`, `调休上班：${workdays || "无"}`].join("\n"),
  holidaySource: {
    package: "内置日历",
    entered: "管理员录入",
    both: "内置日历＋管理员录入",
    none: "暂无数据，按周一至周五计算工作日",
  } as Record<string, string>,
} as const;
