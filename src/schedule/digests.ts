/**
 * Digests for the bureau's groups, rendered with LiquidJS (the bureau can edit the wording without code): the
 * 日报 and 周报 (templates/digests/) with one section per kind — its words, from its spec, over its figures, read
 * once per message — or one kind's 汇总. Markdown for WeCom, split by whole lines within the channel's limit by
 * the outbox.
 */
import path from "node:path";
import { Liquid } from "liquidjs";
import { adminDigestText } from "../../templates/admin-digest.js";
import { progressTexts } from "../../templates/progress.js";
import { digestChart } from "../charts/digest-charts.js";
import { mdText } from "../chat/plain-text.js";
import type { Db } from "../db/client.js";
import { ROOT } from "../db/providers.js";
import type { Kind } from "../kinds/kind.js";
import type { KindRegistry } from "../kinds/registry.js";
import { attentionLines, kindSummary, lastClosedPeriod } from "../kinds/summary.js";
import { renderWords } from "../kinds/words.js";
import { enqueue } from "../outbox/enqueue.js";
import { adminUserids, toGroup } from "../outbox/targets.js";
import { activePlan } from "../plan/load-plan.js";
import { openPeriod, type Period, periodLabel, previous, weekOf } from "../reports/periods.js";
import { periodStatus } from "../reports/status.js";
import { localDate } from "../time/zoned.js";
import type { ScheduleDeps } from "./context.js";

// Every {{ value }} is escaped for WeCom Markdown (unit names, hazard descriptions, plan titles): only the templates' own text is markup.
const liquid = new Liquid({
  root: path.join(ROOT, "templates", "digests"),
  extname: ".liquid",
  cache: true,
  strictFilters: true,
  outputEscape: mdText,
});

function dateZh(d: string): string {
  const [, m, dd] = d.split("-");
  return `${Number(m)}月${Number(dd)}日`;
}

/** The plan the digests name (its title, and its year when carried over), or "". */
async function planLine(db: Db, now: Date, tz: string): Promise<string> {
  const plan = await activePlan(db, now, tz);
  return plan ? progressTexts.planName(plan.title, plan.year, Number(localDate(now, tz).slice(0, 4))) : "";
}

/** A kind's figures for a period, as its words read them: computed when first read, once for this message. */
function scopeOf(db: Db, kind: Kind, period: Period, now: Date, tz: string) {
  const at = { now, tz, today: localDate(now, tz) };
  return kind.figures(db, period, at, () => periodStatus(db, kind, period, now, tz));
}

/** The 日报: each kind's section for its open period — those of the safety group, and those whose words name one. */
export async function renderDaily(db: Db, kinds: KindRegistry, now: Date, tz: string): Promise<string> {
  const sections: string[] = [];
  for (const kind of kinds.all()) {
    if (!kind.words.daily) continue;
    const period = openPeriod(kind.periodType, kind.deadline, now, tz);
    const s = await renderWords(kind.words.daily, scopeOf(db, kind, period, now, tz));
    if (s) sections.push(s);
  }
  return liquid.renderFile("daily", { date: dateZh(localDate(now, tz)), plan: await planLine(db, now, tz), sections });
}

/** The period the 周报 speaks of for a kind: the last week, the open period, or the latest one closed. */
function weeklyPeriod(kind: Kind, now: Date, tz: string): Period {
  const open = openPeriod(kind.periodType, kind.deadline, now, tz);
  if (kind.weeklyPeriod === "last") return previous(open);
  if (kind.weeklyPeriod === "closed") return lastClosedPeriod(kind, now, tz) ?? open;
  return open;
}

/** The 周报: the kinds' headlines, what needs action, then each kind's section (its figures read once). */
export async function renderWeekly(db: Db, kinds: KindRegistry, now: Date, tz: string): Promise<string> {
  const headlines: string[] = [];
  const sections: string[] = [];
  const scopes = kinds.all().map((kind) => ({ kind, scope: scopeOf(db, kind, weeklyPeriod(kind, now, tz), now, tz) }));
  for (const { kind, scope } of scopes) {
    const h = await renderWords(kind.words.headline, scope);
    if (h) headlines.push(h);
  }
  const attention = await attentionLines(db, kinds, now, tz, localDate(now, tz));
  for (const { kind, scope } of scopes) {
    const s = await renderWords(kind.words.weekly, scope);
    if (s) sections.push(s);
  }
  return liquid.renderFile("weekly", {
    // Lines the templates wrote, names already escaped: output raw.
    attention,
    headlines,
    sections,
    week: periodLabel(previous(weekOf(localDate(now, tz)))),
    plan: await planLine(db, now, tz),
  });
}

export async function renderDigest(db: Db, kinds: KindRegistry, content: string, now: Date, tz: string): Promise<string> {
  if (content === "daily") return renderDaily(db, kinds, now, tz);
  if (content === "weekly") return renderWeekly(db, kinds, now, tz);
  const kind = kinds.byId(content);
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
  const md = (await renderDigest(deps.db, deps.kinds, d.content, scheduledFor, deps.tz)).replace(/\n{3,}/g, "\n\n").trim();
  const messages = [toGroup(group, { msgtype: "markdown", content: md, dedupeKey: key })];
  // The picture after the words; without a font, or when drawing fails, the words go alone and the admins hear of it.
  try {
    const png = await digestChart(deps.db, deps.kinds, d.content, scheduledFor, deps.tz, deps.chartFont ?? null);
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
