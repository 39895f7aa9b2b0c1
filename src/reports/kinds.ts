/**
 * The report kinds of the plan, their names as people type them, their
 * periods and deadlines (DESIGN.md "Interfaces" and "Domain rules").
 */
import { type DeadlineRule, FIFTH_NEXT_MONTH_17, FRIDAY_17, MONTH_END, NO_DEADLINE, type PeriodType } from "./periods.js";

export type KindId = "safety" | "afterschool" | "progress" | "supervision";

export type ReportKind = {
  /** The stored kind of its reports, reminders and digests: "safety", … (a kind registered later has its own). */
  id: string;
  /** 安全检查 */
  name: string;
  /** 安全 */
  short: string;
  alias: string;
  periodType: PeriodType;
  deadline: DeadlineRule;
};

export const REPORT_KINDS: Record<KindId, ReportKind> = {
  safety: { id: "safety", name: "安全检查", short: "安全", alias: "/safety", periodType: "week", deadline: FRIDAY_17 },
  afterschool: {
    id: "afterschool",
    name: "课后服务",
    short: "课后",
    alias: "/afterschool",
    periodType: "month",
    deadline: FIFTH_NEXT_MONTH_17,
  },
  progress: { id: "progress", name: "进度", short: "进度", alias: "/progress", periodType: "month", deadline: NO_DEADLINE },
  supervision: { id: "supervision", name: "督导", short: "督导", alias: "/visit", periodType: "month", deadline: MONTH_END },
};
