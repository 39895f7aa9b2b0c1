/**
 * The overview: this week's 安全检查 by township and by school kind, the units overdue, open and overdue
 * hazards by severity, 课后服务 participation, the plan's standing — the digests' figures, for the units
 * the person may see, as HTML (bars as inline SVG).
 */
import type { Db } from "../../db/client.js";
import type { Visible } from "../../domain/scope.js";
import { participation } from "../../reports/afterschool/figures.js";
import { REPORT_KINDS } from "../../reports/kinds.js";
import { openPeriod, periodLabel, previous } from "../../reports/periods.js";
import { planFigures, planStanding } from "../../reports/progress/figures.js";
import { completionByTownship } from "../../reports/safety/figures.js";
import { periodStatus } from "../../reports/status.js";
import { localDate } from "../../time/zoned.js";
import { html, type Raw } from "../html.js";

const pct = (a: number, b: number) => (b ? Math.round((a / b) * 1000) / 10 : 0);

/** The longest label a bar shows whole (a longer one is cut, its full name in the bar's tooltip). */
const LABEL_CHARS = 6;

/**
 * Horizontal bars: one row per label, the share as a bar and a number. Drawn at a fixed scale — 360 × N px, the
 * width of a phone's screen — and never stretched on a PC (it had been drawn three times too large at 1280 px).
 */
export function barsSvg(rows: { label: string; value: number; of: number }[]): Raw {
  const h = 24;
  const height = rows.length * h + 8;
  return html`<svg class="chart bars" width="360" height="${height}" viewBox="0 0 360 ${height}" role="img">${rows.map((r, i) => {
    const p = pct(r.value, r.of);
    const label = [...r.label].length > LABEL_CHARS ? `${[...r.label].slice(0, LABEL_CHARS - 1).join("")}…` : r.label;
    return html`<g><title>${r.label}</title><text x="0" y="${i * h + 17}" font-size="13">${label}</text><rect x="96" y="${i * h + 5}" width="${Math.round(p * 1.6)}" height="15" fill="#2f7bf6"></rect><text x="${100 + Math.round(p * 1.6)}" y="${i * h + 17}" font-size="12">${p}%（${r.value}/${r.of}）</text></g>`;
  })}</svg>`;
}

export async function overviewPage(db: Db, visible: Visible, now: Date, tz: string): Promise<Raw> {
  const today = localDate(now, tz);
  const safety = REPORT_KINDS.safety;
  const week = openPeriod(safety.periodType, safety.deadline, now, tz);
  // The work follows the scope: a principal's overview reads their school's rows, not the county's.
  const status = await periodStatus(db, safety, week, now, tz, visible);
  const lastWeek = (await periodStatus(db, safety, previous(week), now, tz, visible)).filter((s) => s.overdue);
  const kinds = new Map(
    (await db.unit.findMany({ where: visible ? { id: { in: [...visible] } } : {}, select: { id: true, kind: true } })).map((u) => [
      u.id,
      u.kind,
    ]),
  );
  const byKind = new Map<string, { value: number; of: number }>();
  for (const s of status) {
    const k = kinds.get(s.unitId) ?? "";
    const x = byKind.get(k) ?? { value: 0, of: 0 };
    x.of++;
    if (s.report) x.value++;
    byKind.set(k, x);
  }
  const hazards = await db.hazard.findMany({
    where: { status: "open", ...(visible ? { unitId: { in: [...visible] } } : {}) },
    select: { severity: true, deadline: true },
  });
  const sev = ["重大", "较大", "一般"].map((s) => ({
    s,
    open: hazards.filter((h) => h.severity === s).length,
    overdue: hazards.filter((h) => h.severity === s && h.deadline < today).length,
  }));
  const as = REPORT_KINDS.afterschool;
  const month = openPeriod(as.periodType, as.deadline, now, tz);
  const part = visible === null ? await participation(db, month.key) : null;
  const plan = visible === null ? await planFigures(db, now, tz) : null;
  const standing = plan ? planStanding(plan, today) : null;
  const done = status.filter((s) => s.report).length;
  return html`
<section><h2>安全检查 · ${periodLabel(week)}</h2>
<div class="figures"><div class="figure">已提交<b>${done}/${status.length}</b>${pct(done, status.length)}%</div>
<div class="figure">上周逾期未报<b class="${lastWeek.length ? "warn" : "ok"}">${lastWeek.length}</b>个单位</div>
<div class="figure">未整改隐患<b>${hazards.length}</b>其中逾期 <span class="warn">${hazards.filter((h) => h.deadline < today).length}</span></div></div>
<p><a class="button" href="/dashboard/export?report=safety&amp;period=${week.key}">导出本周安全检查</a> <a class="button" href="/dashboard/export?report=隐患">导出隐患台账</a></p>
<h2>按乡镇</h2>${barsSvg(completionByTownship(status).map((t) => ({ label: t.township || "（未填乡镇）", value: t.done, of: t.owing })))}
<h2>按学段</h2>${barsSvg([...byKind.entries()].map(([k, x]) => ({ label: k, ...x })))}
${
  lastWeek.length
    ? html`<h2>上周逾期未报（${lastWeek.length}）</h2><p>${lastWeek.slice(0, 100).map((s, i) => html`${i ? "、" : ""}<a href="/dashboard/units/${encodeURIComponent(s.unitCode)}">${s.unitName}</a>`)}${lastWeek.length > 100 ? html`…等 ${lastWeek.length} 个` : ""}</p>`
    : ""
}</section>
<section><h2>隐患（按等级）</h2><table><tr><th>等级</th><th>未整改</th><th>其中逾期</th></tr>${sev.map(
    (x) =>
      html`<tr><td>${x.s}</td><td><a href="/dashboard/hazards?severity=${encodeURIComponent(x.s)}">${x.open}</a></td><td class="${x.overdue ? "warn" : ""}">${x.overdue}</td></tr>`,
  )}</table></section>
${
  part
    ? html`<section><h2>课后服务 · ${periodLabel(month)}</h2><p>已报 ${part.reports} 所，参与 ${part.participants}/${part.enrolled} 人（${pct(part.participants, part.enrolled)}%）</p>${barsSvg(part.byTownship.map((t) => ({ label: t.township || "（未填乡镇）", value: t.participants, of: t.enrolled })))}</section>`
    : ""
}
${
  standing
    ? html`<section><h2>工作计划指标</h2><p>已更新 ${standing.updated}/${standing.total} 项，落后于进度 <span class="${standing.behind.length ? "warn" : ""}">${standing.behind.length}</span> 项，尚无数据 <span class="${standing.total > standing.updated ? "warn" : ""}">${standing.total - standing.updated}</span> 项（全年时间已过 ${standing.elapsed}%）</p></section>`
    : ""
}`;
}
