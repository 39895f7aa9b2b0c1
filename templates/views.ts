/** Texts of 我的, 查看, 修改 and 督导's school choice. */
import { formatDeadlineZh, formatInstantZh } from "../src/time/zoned.js";

export const views = {
  usage: (cmd: string, shorts: readonly string[]) =>
    `请写成“${cmd} 报表 [期间]”，例如“${cmd} ${shorts[0] ?? ""} 上周”。报表可写 ${shorts.join("、")}。`,
  notFound: (title: string) => `还没有${title}。`,
  /** A report filled before its kind's questions changed: shown with the questions it was answered to. */
  olderVersion: (name: string, _version: number) => `（以下按提交时的问题显示：「${name}」的问题此后已更新。）`,
  shown: (
    title: string,
    by: string,
    at: Date,
    tz: string,
    late: boolean,
    revision: number,
    lastBy: string,
    lastAt: Date,
    lines: string[],
  ) =>
    [
      `${title}`,
      `提交：${by}，${formatInstantZh(at, tz)}${late ? "（逾期提交）" : ""}`,
      revision > 1 ? `第 ${revision} 版，最后修改：${lastBy}，${formatInstantZh(lastAt, tz)}` : "",
      ...lines,
    ]
      .filter(Boolean)
      .join("\n"),
  notYourUnit: () => "您只能查看和修改本单位的报表。",
  unitUnknown: (word: string) => `没有找到单位“${word}”。请写单位代码或全称。`,
  editAfterDeadline: (title: string) => `${title}的截止时间已过，修改需要管理员操作。请联系教育局管理员。`,
  progressNotEditable: () => "进度是累计数，直接发送“进度”更新最新数值即可，历史记录都会保留。",
  meHeading: (name: string, unit: string) => `${name}（${unit}）的填报情况：`,
  meNotStarted: (day: string) => `📅 教育局定于${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日开始通过本系统填报，此前无需填报。`,
  meSubmitted: (title: string, by: string, at: Date, tz: string, late: boolean) =>
    `✅ ${title}：已由${by}于${formatInstantZh(at, tz)}提交${late ? "（逾期提交）" : ""}`,
  meMissing: (title: string, due: Date | null, tz: string, overdue: boolean, command: string) =>
    overdue
      ? `⚠️ ${title}：逾期未报（截止 ${due ? formatDeadlineZh(due, tz) : ""}），请尽快发送“${command}”补报`
      : `⏳ ${title}：未提交${due ? `，截止 ${formatDeadlineZh(due, tz)}` : ""}，发送“${command}”开始`,
  meOverdue: (title: string, command: string) => `⚠️ ${title}：逾期未报，发送“${command}”补报`,
  meProgress: (updated: number, total: number, month: string) =>
    updated >= total ? `✅ 计划进度：${month}已更新全部 ${total} 项` : `⏳ 计划进度：${month} ${updated}/${total} 项已更新，发送“进度”填报`,
  meHazards: (open: number, overdue: number) =>
    open ? `🔧 未整改隐患 ${open} 处${overdue ? `，其中 ${overdue} 处已逾期` : ""}，发送“隐患”查看` : "🔧 没有未整改的隐患",
  noSchools: () => "名册里还没有分配给您的学校，请联系管理员。",
  chooseSchool: (lines: string[]) => ["您负责以下学校，请发送“督导 序号”开始，例如“督导 1”：", ...lines].join("\n"),
  schoolLine: (i: number, name: string, done: boolean) => `${i}. ${name}${done ? "（本月已提交）" : ""}`,
  notYourSchool: (word: string) => `“${word}”不是分配给您的学校。发送“督导”查看您负责的学校。`,
} as const;
