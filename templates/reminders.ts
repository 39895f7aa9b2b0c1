/** Reminders: to a person, to a group, and escalated. */
import type { Period } from "../src/reports/periods.js";
import { formatDeadlineZh } from "../src/time/zoned.js";

export const reminderTexts = {
  personal: (title: string, due: Date | null, tz: string, command: string, overdue: boolean) =>
    overdue
      ? `⏰ 提醒：${title}已过截止时间（${due ? formatDeadlineZh(due, tz) : ""}）仍未提交，请尽快补报。发送“${command}”开始。`
      : `⏰ 提醒：${title}还没有提交${due ? `，截止时间 ${formatDeadlineZh(due, tz)}` : ""}。发送“${command}”开始填报。`,
  /** The reminder card (a person's): title, a line, its fields and buttons (≤ 40 characters each). */
  cardTitle: (kindName: string, overdue: boolean) => (overdue ? `⏰ ${kindName}已过截止时间，请尽快补报` : `⏰ ${kindName}还没有提交`),
  cardDescription: (period: string) => `${period}。点下面的按钮填报，也可以直接发消息。`,
  periodLabel: () => "期间",
  dueLabel: () => "截止",
  allClearButton: (p: Period) => (p.type === "week" ? "本周无异常，一键上报" : "无异常，一键上报"),
  sameButton: (p: Period) => (p.type === "month" ? "与上月相同" : "与上周相同"),
  startButton: () => "开始填报",
  /** A unit as a group message names it: 测试第一小学（溧城街道，张校长）. */
  unit: (name: string, township: string, principals: string[]) => {
    const who = [township, principals.join("、")].filter(Boolean).join("，");
    return who ? `${name}（${who}）` : name;
  },
  /** Units one per line, at most `limit`, then how many more. */
  units: (labels: string[], limit: number) =>
    [...labels.slice(0, limit), ...(labels.length > limit ? [`……另有 ${labels.length - limit} 个单位`] : [])].join("\n"),
  // To a group: who has not reported, by name; the group is told nothing to type (the people were reminded in person).
  group: (title: string, count: number, units: string, due: Date | null, tz: string) =>
    `⏰ ${title}还有以下 ${count} 个单位未提交${due ? `（截止 ${formatDeadlineZh(due, tz)}）` : ""}：\n${units}`,
  escalated: (title: string, count: number, units: string, times: number) =>
    `⚠️ ${title}：以下 ${count} 个单位已单独提醒 ${times} 次以上仍未提交，请督促：\n${units}`,
  nobody: () => "",
} as const;
