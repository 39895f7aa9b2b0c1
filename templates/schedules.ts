/** What the bot says to admins setting up reminders and digests. */
export const scheduleTexts = {
  reminderUsage: (examples: string[]) =>
    [
      "提醒命令：",
      "· 提醒 新增 报表 时间 [对象]，例如“提醒 新增 安全 工作日 08:30 未填报”",
      "· 提醒 列表",
      "· 提醒 暂停|恢复|删除|测试 编号",
      "对象：未填报（默认，只提醒还没交的）、全部、群:群名称（在群里@未交的人）。",
      `时间可以写：${examples.join("、")}`,
    ].join("\n"),
  digestUsage: (examples: string[], shorts: readonly string[]) =>
    [
      "摘要命令：",
      "· 摘要 新增 内容 时间 群名称，例如“摘要 新增 日报 工作日 17:30 安全群”",
      "· 摘要 列表",
      "· 摘要 暂停|恢复|删除|测试 编号",
      `内容：日报、周报，或一种报表（${shorts.join("、")}）。`,
      `时间可以写：${examples.join("、")}`,
    ].join("\n"),
  badPhrase: (phrase: string, examples: string[]) => `没看懂时间“${phrase}”。可以这样写：${examples.join("、")}。`,
  badKind: (word: string, shorts: readonly string[]) => `没有“${word}”这种报表。可写 ${shorts.join("、")}。`,
  badContent: (word: string, shorts: readonly string[]) => `摘要内容“${word}”不认识。可写 日报、周报，或 ${shorts.join("、")}。`,
  noGroup: (name: string) => `没有绑定名为“${name}”的群。先发送“群 绑定 …”绑定，或发送“群 列表”查看。`,
  noDeadline: (kind: string) => `${kind}没有截止时间，不能用“截止前”，请换一种时间写法。`,
  confirmReminder: (kind: string, rule: string, audience: string, next: string[]) =>
    [
      `将按“${rule}”提醒${kind}（${audience}）。`,
      `接下来三次：${next.join("、") || "（一年内没有）"}`,
      "回复“确认”保存，“取消”放弃。",
    ].join("\n"),
  confirmDigest: (content: string, rule: string, group: string, next: string[]) =>
    [
      `将按“${rule}”把${content}发到群“${group}”。`,
      `接下来三次：${next.join("、") || "（一年内没有）"}`,
      "回复“确认”保存，“取消”放弃。",
    ].join("\n"),
  audience: (a: string, group: string) => (a === "all" ? "所有应填单位" : a === "group" ? `在群“${group}”里@未提交的人` : "只提醒未提交的"),
  saved: (what: string, id: number) => `✅ 已保存${what} ${id}。发送“${what} 列表”查看，“${what} 测试 ${id}”立即发一次。`,
  notSaved: () => "已放弃，没有保存。",
  list: (what: string, lines: string[]) => (lines.length ? [`${what}：`, ...lines].join("\n") : `还没有${what}。`),
  reminderLine: (id: number, kind: string, rule: string, audience: string, paused: boolean, next: string) =>
    `${id}. ${kind} · ${rule} · ${audience}${paused ? " · 已暂停" : ` · 下次 ${next}`}`,
  digestLine: (id: number, content: string, rule: string, group: string, paused: boolean, next: string) =>
    `${id}. ${content} · ${rule} · 发到“${group}”${paused ? " · 已暂停" : ` · 下次 ${next}`}`,
  missingId: (what: string) => `没有这个编号的${what}。发送“${what} 列表”查看编号。`,
  paused: (what: string, id: number) => `已暂停${what} ${id}。`,
  resumed: (what: string, id: number) => `已恢复${what} ${id}。`,
  deleted: (what: string, id: number) => `已删除${what} ${id}。`,
  tested: (what: string, id: number) => `已触发${what} ${id}，消息将在几秒内送达。`,
  contentNames: { daily: "日报", weekly: "周报" } as Record<string, string>,
} as const;
