/**
 * What the bot says about reports: titles, starting, submitting, conflicts.
 */
import type { Period } from "../src/reports/periods.js";
import { periodLabel } from "../src/reports/periods.js";
import { formatDeadlineZh, formatInstantZh } from "../src/time/zoned.js";

const dueNote = (due: Date | null, tz: string, now: Date) =>
  due
    ? now.getTime() > due.getTime()
      ? `截止时间 ${formatDeadlineZh(due, tz)} 已过，提交后将标记为逾期提交。`
      : `截止时间：${formatDeadlineZh(due, tz)}。`
    : "";

export const reports = {
  /** Where a school's fact came from, as people read it beside the value: 2022年第10周安全检查. */
  factSource: (kindName: string, p: Period) => `${periodLabel(p).replace(/（.*）$/, "")}${kindName}`,
  title: (unitName: string, kindName: string, period: Period) => `${unitName}${periodLabel(period)}${kindName}`,
  intro: (title: string, due: Date | null, tz: string, now: Date) => `开始填写${title}。${dueNote(due, tz, now)}`,
  /** `安全检查 无异常`: what was prefilled; `from`: the period the facts and coverage came from; `asking`: questions remain. */
  allClearIntro: (title: string, from: Period | null, asking: boolean, due: Date | null, tz: string, now: Date) =>
    `${title}：已按“各项检查正常、未发现新隐患”预填${from ? `，设施情况和覆盖率沿用${periodLabel(from)}的填报` : ""}。${dueNote(due, tz, now)}${asking ? (from ? "还需回答下面几项：" : "没有上期记录可沿用，还需回答下面几项：") : ""}`,
  /** `<报表> 同上期`: prefilled from `from`'s report. */
  sameIntro: (title: string, from: Period, asking: boolean, due: Date | null, tz: string, now: Date) =>
    `${title}：已按${periodLabel(from)}的填报预填。${dueNote(due, tz, now)}${asking ? "还需回答下面几项：" : ""}`,
  /** `<报表> 同上期` without an earlier report: the ordinary form. */
  noLastReport: (kindName: string) => `还没有上期的${kindName}记录可以沿用，请逐项填写。`,
  /** A kind that has nothing to carry or clear. */
  noPrefill: (kindName: string, word: string) => `${kindName}不能“${word}”，请逐项填写。`,
  /** An open form whose kind an admin changed (`kind load`) meanwhile. */
  kindChanged: (name: string, version: number) =>
    `「${name}」的问题刚由教育局更新（第 ${version} 版），这张表按新问题重新开始：已填且仍适用的回答都保留了，请接着回答。`,
  editIntro: (title: string, revision: number) => `重新打开${title}（第 ${revision} 版），可以修改后再次提交，原来的版本会保留。`,
  alreadySubmitted: (title: string, by: string, at: Date, tz: string, short: string, period: Period) =>
    `${title}已由${by}于${formatInstantZh(at, tz)}提交。发送“查看 ${short} ${period.key}”查看，或“修改 ${short} ${period.key}”修改。`,
  takenMeanwhile: (title: string, by: string, at: Date, tz: string, short: string, period: Period) =>
    `提交未成功：${title}已由${by}于${formatInstantZh(at, tz)}先提交了，您的这份没有覆盖它。发送“查看 ${short} ${period.key}”看看对方填的内容；需要更改请发送“修改 ${short} ${period.key}”。`,
  editClosedMeanwhile: (title: string, due: Date | null, tz: string) =>
    `修改未保存：${title}的截止时间${due ? `（${formatDeadlineZh(due, tz)}）` : ""}在您修改期间已过，原报告不变。截止后的更正需要管理员操作，请联系教育局管理员。`,
  /** After a 课后服务 report is stored. */
  participationRate: (rate: number) => `参与率 ${rate}%。`,
  /** After a 督导 report is stored: 五项管理 not met, or all met. */
  fiveItems: (failed: string[]) => (failed.length ? `五项管理不达标：${failed.join("、")}。` : "五项管理全部达标。"),
  /** A milestone target's state, and a target nobody has reported on yet. */
  milestoneState: (done: boolean) => (done ? "已完成" : "未完成"),
  milestoneGoal: () => "完成",
  notReported: () => "未填报",
  outOfRange: () => "的答案不完整或超出范围",
  notStored: (title: string, n: number, reason: string) => `${title}未保存：第 ${n} 项${reason}。请回复“改 ${n}”修改后再“确认”。`,
  staleEdit: (title: string, short: string) => `提交未成功：在您修改期间，${title}已被他人修改。请发送“修改 ${short}”重新打开最新的版本。`,
  /** On the tapped card (≤ 40 characters): what became of the report. */
  submittedNote: (at: Date, tz: string, late: boolean) => `✅ 已于 ${formatInstantZh(at, tz)} 提交${late ? "（逾期）" : ""}`,
  allClearNote: () => "填报中：已预填无异常，请核对后确认",
  sameNote: () => "填报中：已按上期预填，请核对后确认",
  fillingNote: () => "填报中…",
  alreadyNote: (by: string, at: Date, tz: string) => `已由${by}于 ${formatInstantZh(at, tz)} 提交`,
  submitted: (title: string, late: boolean) => `✅ 已提交${title}${late ? "（逾期提交）" : ""}。`,
  revised: (title: string, revision: number, late: boolean) =>
    `✅ 已保存${title}第 ${revision} 版${late ? "（截止后修改）" : ""}，之前的版本已保留。`,
  hazardsRecorded: (numbers: number[]) =>
    numbers.length ? `登记隐患 ${numbers.length} 处，编号 ${numbers.join("、")}。发送“隐患”查看未整改的隐患。` : "本次未发现隐患。",
  notYourKind: (unitName: string, kindName: string) => `您所在的${unitName}不需要填报${kindName}。`,
  noTerm: (kindName: string, label: string) => `${label}不在学期内，不需要填报${kindName}。`,
  badPeriod: (word: string, example: string) => `没看懂期间“${word}”。可以写 ${example}。`,
  futurePeriod: () => "这个期间还没开始，暂不能填报。",
} as const;
