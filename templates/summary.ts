/** 汇总 and 未填报: Markdown for WeCom (headings, bold, <font color>); what came from a person or a file is escaped with mdText. */
import { mdText } from "../src/chat/plain-text.js";
import type { Period } from "../src/reports/periods.js";
import { periodLabel } from "../src/reports/periods.js";

export const MISSING_LIMIT = 10;
/** 未填报 lists at most this many units in the chat; the count says how many more. */
export const MISSING_LIST_MAX = 200;

/** "A、B、C等12所" past the limit; each name escaped for Markdown (it comes from the roster file). */
export function unitList(names: string[], limit = MISSING_LIMIT): string {
  const shown = names.slice(0, limit).map(mdText).join("、");
  return names.length <= limit ? shown : `${shown}等${names.length}所`;
}

const warn = (s: string) => `<font color="warning">${s}</font>`;
const info = (s: string) => `<font color="info">${s}</font>`;
const pct = (a: number, b: number) => (b ? `${Math.round((a / b) * 1000) / 10}%` : "—");

export const summary = {
  heading: (kindName: string, p: Period) => `### ${kindName} · ${periodLabel(p)}`,
  reported: (done: number, owing: number, late: number) =>
    `已填报 **${done}/${owing}**（${pct(done, owing)}）${late ? `，其中逾期提交 ${late}` : ""}`,
  missing: (names: string[], overdue: boolean) =>
    names.length ? `${overdue ? warn("逾期未报") : "未填报"}：${unitList(names)}` : info("全部已填报"),
  notOwed: () => "本期没有单位需要填报。",
  hazardsNew: (total: number, bySeverity: Record<string, number>) =>
    total
      ? `本期新发现隐患 **${total}** 处（${["重大", "较大", "一般"]
          .filter((s) => bySeverity[s])
          .map((s) => `${s} ${bySeverity[s]}`)
          .join("，")}）`
      : "本期未发现隐患",
  hazardsOpen: (open: number, overdue: number) => `未整改隐患 **${open}** 处${overdue ? `，${warn(`逾期 ${overdue} 处`)}` : ""}`,
  majorLine: (unit: string, n: number, desc: string) => `> ${warn("重大")} ${mdText(unit)} 隐患${n}：${mdText(desc)}`,
  participation: (p: number, e: number) => `课后服务参与率 **${pct(p, e)}**（${p}/${e} 人）`,
  lowest: (items: { name: string; rate: number }[]) => `参与率最低：${items.map((x) => `${mdText(x.name)} ${x.rate}%`).join("、")}`,
  visits: (done: number, owing: number) => `驻校督查完成 **${done}/${owing}**`,
  failedCount: (item: string, schools: number) => `${item} ${schools} 所`,
  failedItems: (counts: string[]) => (counts.length ? `五项管理不达标：${counts.join("，")}` : "五项管理全部达标"),
  planHeading: (title: string) => `### ${mdText(title)} 目标进度`,
  /** The plan at a glance: 已更新 N/M，落后于进度 K, naming the (at most 3) furthest behind. */
  planStanding: (updated: number, total: number, elapsed: number, behind: { name: string; percent: number }[]) =>
    `计划目标：已更新 **${updated}/${total}**，落后于进度 **${behind.length}**（全年时间已过 ${elapsed}%）${
      behind.length
        ? `：${behind
            .slice(0, 3)
            .map((b) => `${mdText(b.name)} ${b.percent}%`)
            .join("、")}${behind.length > 3 ? " 等" : ""}`
        : ""
    }。发送“汇总 进度”查看每项`,
  /** What needs action, first in 汇总. */
  attentionHeading: () => `### ${warn("需要关注")}`,
  attentionOverdue: (kindName: string, names: string[]) => `- ${kindName}逾期未报：${unitList(names)}`,
  attentionHazards: (overdue: number) => `- ${warn(`逾期未整改隐患 ${overdue} 处`)}，发送“隐患”查看`,
  nothingNeedsAction: () => info("目前没有逾期未报的单位和逾期未整改的隐患。"),
  /** 汇总 by township or school type: one line per group. */
  groupLine: (group: string, done: number, owing: number, overdue: number) =>
    `- ${mdText(group || "（未填乡镇）")}：已填报 **${done}/${owing}**${overdue ? `，${warn(`逾期未报 ${overdue}`)}` : ""}`,
  targetLine: (code: string, name: string, current: string, goal: string, percent: string, flag: string) =>
    `- ${mdText(code)} ${mdText(name)}：${current} / ${goal}${percent}${flag}`,
  noReporters: () => warn("（名册中无人填报）"),
  usageSummary: () => "请写成“汇总 [报表] [期间] [按乡镇|按类型]”，例如“汇总”“汇总 安全 上周”“汇总 课后 上月”或“汇总 安全检查 按乡镇”。",
  usageMissing: () => "请写成“未填报 报表 [期间]”，例如“未填报 安全”或“未填报 课后 上月”。",
  /** A unit missing its report, with its principal (the list is plain text: nothing to escape). */
  withPrincipal: (unitName: string, principals: string[]) =>
    principals.length ? `${unitName}（校长 ${principals.join("、")}）` : unitName,
  /** A school missing its 督导 report, with the inspector who owes it. */
  missingVisit: (unitName: string, inspector: string) => `${unitName}（督学 ${inspector}）`,
  missingList: (title: string, names: string[], overdue: boolean) =>
    names.length
      ? [
          `${title}${overdue ? "逾期未报" : "未填报"}的单位（${names.length}）：`,
          ...names.slice(0, MISSING_LIST_MAX).map((n, i) => `${i + 1}. ${n}`),
          ...(names.length > MISSING_LIST_MAX
            ? [`……以上是前 ${MISSING_LIST_MAX} 个，另有 ${names.length - MISSING_LIST_MAX} 个未列出。发送“汇总”可看各项统计。`]
            : []),
        ].join("\n")
      : `${title}：全部已填报。`,
} as const;
