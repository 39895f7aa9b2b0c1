/**
 * Digests for the bureau's groups, rendered from templates/digests with
 * LiquidJS (the bureau can edit the wording without code): 日报, 周报, or one
 * report kind's 汇总. Markdown for WeCom, split by whole lines within the
 * channel's limit by the outbox.
 */
import path from "node:path";
import { Liquid } from "liquidjs";
import { adminDigestText } from "../../templates/admin-digest.js";
import { progressTexts } from "../../templates/progress.js";
import { summary as summaryTexts, unitList } from "../../templates/summary.js";
import { digestChart } from "../charts/digest-charts.js";
import { mdText } from "../chat/plain-text.js";
import type { Db } from "../db/client.js";
import { ROOT } from "../db/providers.js";
import { enqueue } from "../outbox/enqueue.js";
import { adminUserids, toGroup } from "../outbox/targets.js";
import { activePlan } from "../plan/load-plan.js";
import { participation } from "../reports/afterschool/figures.js";
import { REPORT_KINDS } from "../reports/kinds.js";
import { deadlineOf, monthOf, openPeriod, type Period, periodLabel, previous, weekOf } from "../reports/periods.js";
import { planFigures, planStanding } from "../reports/progress/figures.js";
import { kindById } from "../reports/registry.js";
import { hazardFigures } from "../reports/safety/figures.js";
import { periodStatus } from "../reports/status.js";
import { attentionLines, kindSummary } from "../reports/summary.js";
import { formatDeadlineZh, localDate } from "../time/zoned.js";
import type { ScheduleDeps } from "./context.js";

// Every {{ value }} is escaped for WeCom Markdown (unit names, hazard descriptions, plan titles): only the templates' own text is markup.
const liquid = new Liquid({
  root: path.join(ROOT, "templates", "digests"),
  extname: ".liquid",
  cache: true,
  strictFilters: true,
  outputEscape: mdText,
});

const pct = (a: number, b: number) => (b ? Math.round((a / b) * 1000) / 10 : 0);

async function safetyFigures(db: Db, p: Period, now: Date, tz: string) {
  const status = await periodStatus(db, REPORT_KINDS.safety, p, now, tz);
  const done = status.filter((s) => s.report).length;
  const missing = status.filter((s) => !s.report);
  return {
    done,
    owing: status.length,
    percent: pct(done, status.length),
    missing: unitList(missing.map((s) => s.unitName)),
    overdue: missing.some((s) => s.overdue),
  };
}

function dateZh(d: string): string {
  const [, m, dd] = d.split("-");
  return `${Number(m)}月${Number(dd)}日`;
}

export async function renderDaily(db: Db, now: Date, tz: string): Promise<string> {
  const today = localDate(now, tz);
  const week = weekOf(today);
  const plan = await activePlan(db, now, tz);
  const since = new Date(now.getTime() - 24 * 3_600_000);
  const major = await db.hazard.findMany({
    where: { severity: "重大", status: "open", foundAt: { gt: since } },
    include: { unit: true },
    orderBy: { foundAt: "asc" },
  });
  const due = deadlineOf(REPORT_KINDS.safety.deadline, week, tz);
  return liquid.renderFile("daily", {
    date: dateZh(today),
    week: periodLabel(week),
    due: due ? formatDeadlineZh(due, tz) : "",
    plan: plan ? progressTexts.planName(plan.title, plan.year, Number(localDate(now, tz).slice(0, 4))) : "",
    safety: await safetyFigures(db, week, now, tz),
    hazards: {
      ...(({ open, overdue }) => ({ open, overdue }))(await hazardFigures(db, week.key, today)),
      newMajor: major.map((h) => ({ unit: h.unit.name, number: h.number, description: h.description, deadline: dateZh(h.deadline) })),
    },
  });
}

export async function renderWeekly(db: Db, now: Date, tz: string): Promise<string> {
  const today = localDate(now, tz);
  const last = previous(weekOf(today));
  const before = previous(last);
  const plan = await planFigures(db, now, tz);
  const hazards = await hazardFigures(db, last.key, today);
  const asKind = REPORT_KINDS.afterschool;
  // The latest month whose after-school report is closed (its deadline, the 5th of the next month, has passed).
  const open = openPeriod(asKind.periodType, asKind.deadline, now, tz);
  const openDue = deadlineOf(asKind.deadline, open, tz);
  const asPeriod = openDue && now > openDue ? open : previous(open);
  const as = await participation(db, asPeriod.key);
  const visitMonth = monthOf(today);
  const visits = await periodStatus(db, REPORT_KINDS.supervision, visitMonth, now, tz);
  const standing = plan ? planStanding(plan, today) : null;
  return liquid.renderFile("weekly", {
    // Lines the templates wrote, names already escaped: output raw.
    attention: await attentionLines(db, now, tz, today),
    targets: standing ? summaryTexts.planStanding(standing.updated, standing.total, standing.elapsed, standing.behind) : "",
    week: periodLabel(last),
    plan: plan ? progressTexts.planName(plan.title, plan.year, Number(localDate(now, tz).slice(0, 4))) : "",
    safety: await safetyFigures(db, last, now, tz),
    previous: await safetyFigures(db, before, now, tz),
    hazards: { found: hazards.found, major: hazards.bySeverity.重大 ?? 0, open: hazards.open, overdue: hazards.overdue },
    afterschool: {
      reports: as.reports,
      month: periodLabel(asPeriod),
      rate: pct(as.participants, as.enrolled),
      lowest: as.rates
        .slice(0, 3)
        .map((x) => `${x.name} ${x.rate}%`)
        .join("、"),
    },
    supervision: { month: periodLabel(visitMonth), done: visits.filter((v) => v.report).length, owing: visits.length },
  });
}

export async function renderDigest(db: Db, content: string, now: Date, tz: string): Promise<string> {
  if (content === "daily") return renderDaily(db, now, tz);
  if (content === "weekly") return renderWeekly(db, now, tz);
  const kind = kindById(content);
  if (!kind) throw new Error(`no report kind ${content} for a digest`);
  const period = openPeriod(kind.periodType, kind.deadline, now, tz);
  return kindSummary(db, kind, period, now, tz, localDate(now, tz));
}

/** The audit action recording a digest's chart that was not drawn (told in the admins' note). */
export const CHART_FAILED = "digest.chart-failed";

export async function fireDigest(
  deps: ScheduleDeps,
  d: { id: number; content: string; groupId: number },
  scheduledFor: Date,
  key: string,
  /** A test (摘要 测试): goes at once, whatever the quiet hours. */
  opts: { now?: boolean } = {},
): Promise<boolean> {
  const group = await deps.db.groupChat.findUnique({ where: { id: d.groupId } });
  if (!group) return false;
  const md = (await renderDigest(deps.db, d.content, scheduledFor, deps.tz)).replace(/\n{3,}/g, "\n\n").trim();
  const messages = [toGroup(group, { msgtype: "markdown", content: md, dedupeKey: key })];
  // The picture after the words; without a font, or when drawing fails, the words go alone and the admins hear of it.
  try {
    const png = await digestChart(deps.db, d.content, scheduledFor, deps.tz, deps.chartFont ?? null);
    if (png)
      messages.push(toGroup(group, { msgtype: "image", name: "chart.png", data: png, mime: "image/png", dedupeKey: `${key}:chart` }));
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    deps.logger?.warn({ digest: d.id, reason }, "a digest's chart was not drawn");
    await deps.db.auditLog.create({
      data: { actor: "system", action: CHART_FAILED, subject: `digest ${d.id}`, at: scheduledFor, detail: { reason } },
    });
  }
  await enqueue(deps.db, messages, {
    scheduledFor,
    quiet: deps.quiet,
    tz: deps.tz,
    urgent: !!opts.now,
  });
  deps.kick();
  return true;
}

/**
 * The admins' daily note (an app message): deliveries that failed in the last
 * day. Nothing to say, nothing sent. (Years without holiday data are told
 * apart, when they matter: calendar-notice.ts.)
 */
export async function fireAdminDigest(deps: ScheduleDeps, at: Date, key: string): Promise<boolean> {
  const { db, tz } = deps;
  const since = new Date(at.getTime() - 24 * 3_600_000);
  const failed = await db.outbox.findMany({ where: { status: "failed", createdAt: { gt: since } }, orderBy: { id: "asc" } });
  const charts = await db.auditLog.findMany({ where: { action: CHART_FAILED, at: { gt: since } }, orderBy: { id: "asc" } });
  if (!failed.length && !charts.length) return false;
  const admins = await adminUserids(db);
  if (!admins.length) return false;
  const content = adminDigestText(
    failed.map((f) => ({ id: f.id, channel: f.channel, error: f.lastError })),
    charts.map((c) => String((c.detail as { reason?: unknown } | null)?.reason ?? "")),
  );
  await enqueue(db, [{ channel: "app", target: admins.join("|"), msgtype: "markdown", content, dedupeKey: key }], {
    scheduledFor: at,
    quiet: deps.quiet,
    tz,
  });
  deps.kick();
  return true;
}
