/** Reminders: to a person, to a group, and escalated. */
import { formatInstantZh } from "../src/time/zoned.js";

export const reminderTexts = {
  personal: (title: string, due: Date | null, tz: string, command: string, overdue: boolean) =>
    overdue
      ? `⏰ 提醒：${title}已过截止时间（${due ? formatInstantZh(due, tz) : ""}）仍未提交，请尽快补报。发送“${command}”开始。`
      : `⏰ 提醒：${title}还没有提交${due ? `，截止时间 ${formatInstantZh(due, tz)}` : ""}。发送“${command}”开始填报。`,
  group: (title: string, names: string, due: Date | null, tz: string, command: string) =>
    `⏰ ${title}还有以下单位未提交${due ? `（截止 ${formatInstantZh(due, tz)}）` : ""}：${names}。请在应用里发送“${command}”填报。`,
  escalated: (title: string, unit: string, times: number, command: string) =>
    `⚠️ ${unit}的${title}已提醒 ${times} 次仍未提交，请关注。发送“${command}”填报。`,
  nobody: () => "",
} as const;
