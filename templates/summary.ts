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

/** What needs action lists this many names at most, after its count (the 周报 and 汇总 stay a ten-second read). */
export const ATTENTION_NAMES = 5;

/** "12 所：A、B、C、D、E等": the count first, a few names after it. */
function counted(names: string[]): string {
  const shown = names.slice(0, ATTENTION_NAMES).map(mdText).join("、");
  return `**${names.length}** 所：${shown}${names.length > ATTENTION_NAMES ? "等" : ""}`;
}

/** A hazard named in a line: 测试第一小学 隐患1（3月8日到期）. */
const hazardRef = (h: { unit: string; number: number; deadline: string }) =>
  `${mdText(h.unit)} 隐患${h.number}（${Number(h.deadline.slice(5, 7))}月${Number(h.deadline.slice(8, 10))}日到期）`;

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
  /** 未填报 for a period nobody owed (before the units went live, outside term …). */
  noneOwed: (title: string) => `${title}：没有单位需要填报（这一期在各校开始填报之前，或不在填报范围内）。`,
  hazardsNew: (total: number, bySeverity: Record<string, number>) =>
    total
      ? `本期新发现隐患 **${total}** 处（${["重大", "较大", "一般"]
          .filter((s) => bySeverity[s])
          .map((s) => `${s} ${bySeverity[s]}`)
          .join("，")}）`
      : "本期未发现隐患",
  hazardsOpen: (open: number, overdue: number) => `未整改隐患 **${open}** 处${overdue ? `，${warn(`逾期 ${overdue} 处`)}` : ""}`,
  majorLine: (unit: string, n: number, desc: string) => `> ${warn("重大")} ${mdText(unit)} 隐患${n}：${mdText(desc)}`,
  /** An open 重大 hazard in what needs action (overdue or not: its deadline says). */
  majorOpen: (h: { unit: string; number: number; description: string; deadline: string; overdue: boolean }) =>
    `- ${warn("重大隐患未整改")}：${hazardRef(h)}${h.overdue ? warn("，已逾期") : ""}：${mdText(h.description)}`,
  participation: (p: number, e: number) => `课后服务参与率 **${pct(p, e)}**（${p}/${e} 人）`,
  lowest: (items: { name: string; rate: number }[]) => `参与率最低：${items.map((x) => `${mdText(x.name)} ${x.rate}%`).join("、")}`,
  visits: (done: number, owing: number) => `驻校督查完成 **${done}/${owing}**`,
  failedCount: (item: string, schools: number) => `${item} ${schools} 所`,
  /** 五项管理 from the visits made so far: nothing is said to be 达标 before a school was visited. */
  failedItems: (counts: string[], visited: number) =>
    visited === 0
      ? "五项管理：本月还没有督查记录"
      : counts.length
        ? `五项管理不达标：${counts.join("，")}`
        : `已督查的 ${visited} 所五项管理全部达标`,
  planHeading: (title: string) => `### ${mdText(title)} 目标进度`,
  /**
   * The plan at a glance: of M targets, N updated, K behind the year's pace (the 3 furthest named), Z without any data —
   * a target nobody reported on is neither on track nor behind.
   */
  planStanding: (updated: number, total: number, elapsed: number, behind: { name: string; percent: number }[]) =>
    updated === 0
      ? `计划目标 **${total}** 项：${warn("尚无填报数据")}（全年时间已过 ${elapsed}%）。发送“汇总 进度”查看每项`
      : `计划目标 **${total}** 项：已更新 **${updated}**，其中落后于进度 **${behind.length}**${
          behind.length
            ? `（${behind
                .slice(0, 3)
                .map((b) => `${mdText(b.name)} ${b.percent}%`)
                .join("、")}${behind.length > 3 ? " 等" : ""}）`
            : ""
        }；${total - updated > 0 ? warn(`尚无数据 ${total - updated} 项`) : "全部有数据"}（全年时间已过 ${elapsed}%）。发送“汇总 进度”查看每项`,
  /** What needs action, first in 汇总. */
  attentionHeading: () => `### ${warn("需要关注")}`,
  attentionOverdue: (kindName: string, names: string[]) => `- ${kindName}逾期未报 ${counted(names)}`,
  /** Hazards open past their deadline: how many, and the first few of them (never another hazard). */
  attentionHazards: (overdue: number, first: { unit: string; number: number; deadline: string }[]) =>
    `- ${warn(`逾期未整改隐患 ${overdue} 处`)}：${first.map(hazardRef).join("、")}${overdue > first.length ? "等" : ""}，发送“隐患”查看`,
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
