/**
 * 汇总: a Markdown summary per report kind and period — reported X/Y and the
 * missing units; for 安全检查 the hazards; for 课后服务 participation with the
 * lowest units; for 督导 visits and 五项管理; for 进度 every target as
 * current / goal / %.
 */
import { progressTexts as pt } from "../../templates/progress.js";
import { summary as t } from "../../templates/summary.js";
import type { Db } from "../db/client.js";
import { activePlan } from "../plan/load-plan.js";
import { type LocalDate, localDate } from "../time/zoned.js";
import { participationRate } from "./afterschool/index.js";
import type { ReportKind } from "./kinds.js";
import { reportersOf } from "./owes.js";
import { monthOf, type Period } from "./periods.js";
import { aggregate, supervisionCoverage } from "./progress/index.js";
import { periodStatus } from "./status.js";
import { FIVE_ITEMS } from "./supervision/index.js";

export async function kindSummary(db: Db, kind: ReportKind, period: Period, now: Date, tz: string, today: LocalDate): Promise<string> {
  if (kind.id === "progress") return planSummary(db, now, tz, period);
  const status = await periodStatus(db, kind, period, now, tz);
  const lines = [t.heading(kind.name, period)];
  if (!status.length) return [...lines, t.notOwed()].join("\n");
  const done = status.filter((s) => s.report);
  const missing = status.filter((s) => !s.report);
  lines.push(t.reported(done.length, status.length, done.filter((s) => s.report?.late).length));
  lines.push(
    t.missing(
      [...new Set(missing.map((s) => s.unitName))],
      missing.some((s) => s.overdue),
    ),
  );
  const reports = await db.report.findMany({ where: { kind: kind.id, period: period.key }, include: { unit: true } });
  if (kind.id === "safety") {
    const found = await db.hazard.findMany({
      where: { report: { kind: kind.id, period: period.key }, status: { not: "withdrawn" } },
      include: { unit: true },
    });
    const bySeverity: Record<string, number> = {};
    for (const h of found) bySeverity[h.severity] = (bySeverity[h.severity] ?? 0) + 1;
    lines.push(t.hazardsNew(found.length, bySeverity));
    const open = await db.hazard.findMany({ where: { status: "open" }, include: { unit: true } });
    lines.push(t.hazardsOpen(open.length, open.filter((h) => h.deadline < today).length));
    for (const h of found.filter((x) => x.severity === "重大" && x.status === "open"))
      lines.push(t.majorLine(h.unit.name, h.number, h.description));
  }
  if (kind.id === "afterschool" && reports.length) {
    let p = 0;
    let e = 0;
    const rates: { name: string; rate: number }[] = [];
    for (const r of reports) {
      const a = r.data as Record<string, unknown>;
      p += Number(a.participants ?? 0);
      e += Number(a.enrolled ?? 0);
      const rate = participationRate(a as never);
      if (rate !== null) rates.push({ name: r.unit.name, rate });
    }
    lines.push(t.participation(p, e));
    lines.push(t.lowest(rates.sort((a, b) => a.rate - b.rate).slice(0, 3)));
  }
  if (kind.id === "supervision") {
    lines.push(t.visits(done.length, status.length));
    const counts = FIVE_ITEMS.map(
      ([key, name]) => [name, reports.filter((r) => (r.data as Record<string, unknown>)[key] === false).length] as const,
    )
      .filter(([, n]) => n > 0)
      .map(([name, n]) => `${name} ${n} 所`);
    lines.push(t.failedItems(counts));
  }
  return lines.join("\n");
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}

export async function planSummary(db: Db, now: Date, tz: string, _period: Period): Promise<string> {
  const plan = await activePlan(db, now, tz);
  if (!plan) return pt.noPlan();
  const units = await db.unit.findMany({ where: { active: true } });
  const targets = await db.planTarget.findMany({
    where: { planId: plan.id, active: true },
    include: { item: true },
    orderBy: [{ item: { sort: "asc" } }, { sort: "asc" }],
  });
  const lines = [t.planHeading(plan.title)];
  for (const x of targets) {
    const r = reportersOf(x.reporters);
    const named = units.filter((u) => r.kinds.includes(u.kind) || r.codes.includes(u.code)).length;
    const ag = r.computedFrom === "督导" ? await supervisionCoverage(db, monthOf(localDate(now, tz)).key) : await aggregate(db, x, named);
    const nobody = !r.computedFrom && named === 0 ? t.noReporters() : "";
    if (x.kind === "milestone") {
      lines.push(t.targetLine(x.item.code, x.name, ag.done ? "已完成" : "未完成", "完成", "", nobody));
      continue;
    }
    const unit = x.aggregation === "count_meeting" ? (x.measure ?? "") : x.aggregation === "percentage" ? "%" : (x.measure ?? "");
    const current = ag.current === null ? "未填报" : `${fmt(ag.current)}${unit}`;
    const goal = pt.goal(x.comparator, x.value, x.valueMax, x.measure);
    const percent = ag.current !== null && x.value ? `（${Math.round((ag.current / x.value) * 100)}%）` : "";
    lines.push(t.targetLine(x.item.code, x.name, current, goal, percent, nobody));
  }
  return lines.join("\n");
}
