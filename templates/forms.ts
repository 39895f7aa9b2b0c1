/**
 * What the form engine says: progress, errors, navigation, summaries.
 */
const HOW: Record<string, string> = {
  yesno: "回复“是”或“否”（也可以写 正常、齐全、有、没有 等）",
  choice: "回复选项前的序号，或选项的文字",
  integer: "回复一个整数，例如“12”或“12人”",
  decimal: "回复一个数，例如“3.5”",
  percent: "回复百分比，例如“98%”或“98”",
  date: "回复日期，例如“今天”“3月5日”“下周五”",
  time: "回复时间，例如“17:30”",
  text: "直接写文字说明",
  image: "发送一张照片",
};

/** How long a cancelled, abandoned or expired form can be brought back with 恢复. */
export const RESTORE_HOURS = 24;

export const forms = {
  // Where one is, never moving backwards: the position, and roughly how many are left (which grows when,
  // say, two hazards are announced — a total that jumped, 第3/11项 → 第8/13项, read as lost progress).
  progress: (i: number, n: number) => (n > i ? `第${i}项 · 还剩约${n - i}项` : `第${i}项 · 最后一项`),
  progressDone: () => "已全部填完，待确认",
  progressWaiting: () => "待您回复“确认”",
  confirmCancelled: (title: string) => `已放弃${title}，没有保存。`,
  question: (progress: string, prompt: string, hint: string | undefined, current: string | null, optional: boolean) =>
    [
      `【${progress}】${prompt}`,
      hint ? `（${hint}）` : "",
      current !== null ? `当前答案：${current}（直接回复新答案可修改）` : "",
      `回复“上一步”返回${optional ? "，“跳过”略过此项" : ""}，“取消”放弃填报。`,
    ]
      .filter(Boolean)
      .join("\n"),
  invalid: (reason: string) => `没能记下：${reason}。`,
  /** A new answer that contradicts an earlier one (item n). */
  conflicts: (n: number, label: string, shown: string, reason: string) =>
    `没能记下：与第 ${n} 项“${label}”（已填 ${shown}）矛盾，它${reason}。请重新输入；如果第 ${n} 项填错了，可在最后的确认页发“改 ${n}”修改。`,
  /** At 确认: an answer that no longer holds with the others. */
  recheck: (n: number, label: string, shown: string, reason: string) => `第 ${n} 项“${label}”（${shown}）${reason}，请重新填写。`,
  notOptional: () => "这一项必须填写，不能跳过。",
  /** 帮助 inside a form: how to answer this question, and the words a form understands. */
  questionHelp: (type: string, optional: boolean) =>
    [
      `这一项${HOW[type] ?? "请按提示回复"}。${optional ? "这是选填项，没有可回复“跳过”。" : ""}`,
      "填写中可用：“上一步”回到上一项，“取消”放弃本次填写；全部填完后回复“确认”提交，或“改 N”修改第 N 项。",
    ].join("\n"),
  formWordAsText: (word: string) => `“${word}”是表单用语，不能作为这一项的内容。请直接写出内容`,
  atFirst: () => "已经是第一项了。",
  /** A figure computed from the answers, after the numbered ones (not an answer: no 改 N). */
  totalLine: (label: string, value: number, unit: string) => `· ${label}：${value}${unit}`,
  cancelled: (title: string) => `已取消${title}。${RESTORE_HOURS}小时内回复“恢复”可找回已填的内容；需要时也可重新发送命令开始。`,
  expired: (title: string, minutes: number) =>
    `您的${title}已超过 ${minutes} 分钟没有继续，已自动取消。已填的内容还在：${RESTORE_HOURS}小时内回复“恢复”即可接着填。`,
  /** 恢复: the form brought back (`swapped`: the one that was open, now kept in its place). */
  restored: (title: string, swapped: string | null) =>
    `已恢复${title}，之前填的内容都在。${swapped ? `刚才正在填写的${swapped}已保存，回复“恢复”可换回。` : ""}`,
  nothingToRestore: () => `没有可以恢复的填写（取消、放弃或超时后 ${RESTORE_HOURS} 小时内可以恢复）。发送“我的”查看本期要填的内容。`,
  review: (title: string, lines: string[]) =>
    [`请核对${title}：`, ...lines, "", "无误请回复“确认”提交；要修改第 N 项请回复“改 N”（例如“改 2”），放弃请回复“取消”。"].join("\n"),
  /** The summary's card, under the summary: its buttons. */
  /** On an answered question's card. */
  cardChosen: (key: string) => `已选：${key}`,
  cardCancelled: () => "已取消",
  /** 确认 tapped, but an answer does not hold with the others: asked again below. */
  cardNotSubmitted: () => "未提交：请按下方提示修改",
  reviewCardTitle: () => "核对无误请点“确认提交”",
  reviewCardHint: () => "要修改第 N 项，请回复“改 N”（例如“改 2”）。",
  confirmButton: () => "确认提交",
  cancelButton: () => "取消",
  reviewHelp: (n: number) => `请回复“确认”提交，或“改 N”修改第 N 项（N 为 1–${n}），或“取消”放弃。`,
  badItemNumber: (n: number) => `没有这一项。请回复“改 1”到“改 ${n}”之间的一项。`,
  /** A command typed mid-form (`n`: the question waiting, or null at the summary): leaving takes 放弃, anything else stays. */
  abandonAsk: (title: string, progress: string, command: string, n: number | null, doing = "填写") =>
    `“${command}”会中断正在${doing}的${title}（${progress}）。要去执行“${command}”，请回复“放弃”（${RESTORE_HOURS}小时内回复“恢复”可找回）；` +
    (n === null
      ? doing === "填写"
        ? "要继续，请回复“确认”提交或“改 N”修改。"
        : "要保存，请回复“确认”。"
      : `要继续，请直接回答第${n}项。`),
  resumed: () => "好的，继续填写。",
  /** Words given with an earlier answer, offered as this one's. */
  offered: (text: string) => `您刚才写了“${text}”：回复“是”就用它，或直接写新的内容。`,
  photoSaved: () => "照片已保存。",
  photoFailed: () => "照片暂时没能保存（企业微信服务未响应），请稍后再发一次",
  /** Why a photo is not stored (MediaRefused's reason). */
  photoRefusal: (reason: "too-large" | "not-image" | "timeout" | "redirect" | "untrusted", maxMb: number) =>
    reason === "untrusted"
      ? "这张照片不是从企业微信发来的，没有保存。请在聊天里直接拍照发送"
      : reason === "too-large"
        ? `照片超过 ${maxMb} MB，没有保存。请在手机上压缩或截图后重新发送`
        : reason === "not-image"
          ? "只能保存 JPG 或 PNG 格式的照片，这个文件没有保存。请直接拍照发送"
          : reason === "timeout"
            ? "照片下载太慢，没有保存。请稍后重新发送"
            : "照片没能下载，没有保存。请重新发送",
  photoRefused: (why: string, optional: boolean) => `${why}${optional ? "；不需要照片请回复“跳过”" : ""}。`,
  photoNotExpected: () => "现在不需要照片。",
  itemHeading: (itemName: string, i: number, n: number) => `${itemName}${i}/${n}`,
} as const;

/** Why an answer was not taken, and what to type instead. */
export const reasons = {
  /** A date outside the report's period ("2022年3月"), and why it must be inside. */
  inPeriod: (period: string, why = "这份报告记的是这一期的情况") => `应在${period}之内（${why}）`,
  number: (example: string) => `请填一个数字，例如 ${example}`,
  wrongUnit: (unit: string, given: string, example: string) => `单位应为“${unit}”，您写的是“${given}”。请只填数字，例如 ${example}`,
  integer: () => "请填整数",
  min: (min: number, unit: string) => `不能小于 ${min}${unit}`,
  max: (max: number, unit: string) => `不能大于 ${max}${unit}`,
  maxFrom: (why: string, max: number, unit: string) => `不能大于${why}（${max}${unit}）`,
  yesNo: () => "请回复“是”或“否”（也可以写“正常”“齐全”“没有”，或直接写出问题，如“缺两个灭火器”）",
  choice: (options: readonly string[]) => `请回复序号 1–${options.length}，或写出选项：${options.join("、")}`,
  percent: () => "请填百分比，例如“98”或“98%”",
  percentRange: () => "百分比应在 0 到 100 之间",
  date: () => "请填日期，例如“今天”“3月5日”“下周五”",
  notPast: () => "日期不能早于今天",
  notFuture: () => "日期不能晚于今天",
  time: () => "请填时间，例如“17:30”或“下午5点半”",
  timeWindow: (from: string, to: string) => `这个时间应在 ${from} 到 ${to} 之间，请写成“17:30”或“下午5点半”这样`,
  empty: () => "内容不能为空",
  tooLong: (length: number, max: number) => `太长了（${length} 字），请控制在 ${max} 字以内`,
  photo: (optional: boolean) => (optional ? "请发送一张照片，或回复“跳过”" : "请发送一张照片"),
} as const;

/** How a stored answer reads in a summary. */
export function formatField(type: string, value: unknown, unit: string): string {
  if (value === null || value === undefined) return "（跳过）";
  if (type === "yesno") return value ? "是" : "否";
  if (type === "percent") return `${value}%`;
  if (type === "image") return "已上传照片";
  if (type === "integer" || type === "decimal") return `${value}${unit}`;
  if (type === "date" && typeof value === "string") {
    const [, m, d] = value.split("-");
    return `${Number(m)}月${Number(d)}日`;
  }
  return String(value);
}
