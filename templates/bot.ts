/** What the bot says outside forms: greetings, help, refusals, not understood. */
export const bot = {
  notUnderstood: (suggestions: string[]) =>
    `没听懂。${suggestions.length ? `您是不是想发：${suggestions.map((s) => `“${s}”`).join("、")}？` : ""}发送“帮助”查看可用的命令。`,
  /** `week`, `month`: example keys near today (last week's, last month's). */
  help: (name: string, lines: string[], week: string, month: string) =>
    [`${name}，您可以发送：`, ...lines, "", `命令后的期间可写 本周、上周、本月、上月，或 ${week}、${month}。`].join("\n"),
  /** An example as written in templates/commands.ts, with {year} and {next} for this year and the next. */
  example: (example: string, year: number) => example.replaceAll("{year}", String(year)).replaceAll("{next}", String(year + 1)),
  helpLine: (name: string, describe: string, example: string) => `· ${name}：${describe}（例：${example}）`,
  resumeHint: (title: string, progress: string) => `您有一份未完成的${title}（${progress}），直接回复即可继续，回复“取消”放弃。`,
  resumeConfirm: (title: string) => `您有一个${title}还没有确认：回复“确认”保存，回复“取消”放弃。`,
  photoOutsideForm: () => "收到照片。现在没有需要照片的填报：填写安全检查时，隐患照片会在对应的问题里请您发送。",
  nothingOwed: () => "您目前没有需要填报的事项。",
  noOpenForm: (word: string) => `现在没有正在填写的表单，“${word}”无需操作。已提交的内容都已保存：发送“我的”查看本期填报情况。`,
  someForm: () => "填报",
  thisKind: () => "这类",
  internalError: () => "抱歉，系统刚才出了点问题，这条消息没有处理成功，已填写的内容都还在。请稍后再发一次。",
  /** On a tapped card, when nothing more particular was said: its buttons greyed. */
  cardDone: () => "已处理",
  /** On a card whose question was already answered, or whose form ended. */
  cardStale: () => "已过期",
  cardClosed: () => "填报已结束",
  staleCard: () => "这张卡片已经过期（这一项已经回答过，或填报已换了一份）。请按下面最新的问题回复：",
  formCardClosed: () => "这张卡片对应的填报已经结束，无需再点。发送“我的”查看本期填报情况。",
  /** A reply cut short at its size limit (lines or messages left out). */
  replyCut: (omitted: number) => `……内容太长，后面 ${omitted} 行没有显示。`,
} as const;
