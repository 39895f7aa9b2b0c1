/**
 * The overview: for each report kind, its open period by township and by school kind, the units overdue in the
 * period before, and its figures (a ratio by township); what its capabilities keep (hazards by severity, the plan's
 * standing) — the digests' figures, for the units the person may see, as HTML (bars as inline SVG).
 */
import type { Db } from "../../db/client.js";
import type { Visible } from "../../domain/scope.js";
import { completionByTownship } from "../../kinds/capabilities/hazard-ledger/figures.js";
import { planStanding } from "../../kinds/capabilities/plan-targets/figures.js";
import { planOf } from "../../kinds/capabilities/plan-targets/index.js";
import { ratioFigures } from "../../kinds/figures.js";
import type { Kind } from "../../kinds/kind.js";
import type { KindRegistry } from "../../kinds/registry.js";
import { openPeriod, periodLabel, previous } from "../../reports/periods.js";
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

/** 本周 / 上周 or 本月 / 上月, as a kind's period is named. */
const word = (k: Kind, which: "本" | "上") => `${which}${k.periodType === "week" ? "周" : "月"}`;

/** A kind's section: its open period's completion by township and school kind, the units overdue in the one before. */
async function kindSection(db: Db, kind: Kind, visible: Visible, unitKinds: () => Promise<Map<number, string>>, now: Date, tz: string) {
  const today = localDate(now, tz);
  const period = openPeriod(kind.periodType, kind.deadline, now, tz);
  // The work follows the scope: a principal's overview reads their school's rows, not the county's.
  const status = await periodStatus(db, kind, period, now, tz, visible);
  const lastPeriod = (await periodStatus(db, kind, previous(period), now, tz, visible)).filter((s) => s.overdue);
  const kinds = await unitKinds();
  const byKind = new Map<string, { value: number; of: number }>();
  for (const s of status) {
    const k = kinds.get(s.unitId) ?? "";
    const x = byKind.get(k) ?? { value: 0, of: 0 };
    x.of++;
    if (s.report) x.value++;
    byKind.set(k, x);
  }
  const hazards = kind.hazardLedger
    ? await db.hazard.findMany({
        where: { status: "open", ...(visible ? { unitId: { in: [...visible] } } : {}) },
        select: { severity: true, deadline: true },
      })
    : null;
  const ratio = kind.spec.figures?.find((f) => f.type === "ratio");
  const r = ratio?.type === "ratio" ? await ratioFigures(db, kind.id, ratio, period.key, visible) : null;
  const overUnit =
    ratio?.type === "ratio"
      ? ((kind.spec.fields.find((f) => f.key === ratio.over && "unit" in f) as { unit?: string } | undefined)?.unit ?? "")
      : "";
  const done = status.filter((s) => s.report).length;
  return html`
<section><h2>${kind.name} · ${periodLabel(period)}</h2>
<div class="figures"><div class="figure">已提交<b>${done}/${status.length}</b>${pct(done, status.length)}%</div>
<div class="figure">${word(kind, "上")}逾期未报<b class="${lastPeriod.length ? "warn" : "ok"}">${lastPeriod.length}</b>个单位</div>${
    hazards
      ? html`
<div class="figure">未整改隐患<b>${hazards.length}</b>其中逾期 <span class="warn">${hazards.filter((h) => h.deadline < today).length}</span></div>`
      : ""
  }</div>
<p><a class="button" href="/dashboard/export?report=${encodeURIComponent(kind.name)}&amp;period=${period.key}">导出${word(kind, "本")}${kind.name}</a>${
    hazards ? html` <a class="button" href="/dashboard/export?report=隐患">导出隐患台账</a>` : ""
  }</p>
<h2>按乡镇</h2>${barsSvg(completionByTownship(status).map((t) => ({ label: t.township || "（未填乡镇）", value: t.done, of: t.owing })))}
<h2>按学段</h2>${barsSvg([...byKind.entries()].map(([k, x]) => ({ label: k, ...x })))}
${
  lastPeriod.length
    ? html`<h2>${word(kind, "上")}逾期未报（${lastPeriod.length}）</h2><p>${lastPeriod.slice(0, 100).map((s, i) => html`${i ? "、" : ""}<a href="/dashboard/units/${encodeURIComponent(s.unitCode)}">${s.unitName}</a>`)}${lastPeriod.length > 100 ? html`…等 ${lastPeriod.length} 个` : ""}</p>`
    : ""
}${
  r && ratio?.type === "ratio" && r.reports
    ? html`<h2>${ratio.label ?? "比例"}（按乡镇）</h2><p>已报 ${r.reports} 所，${ratio.label ?? "比例"} ${r.of}/${r.over}${overUnit}（${pct(r.of, r.over)}%）</p>${barsSvg(r.byTownship.map((t) => ({ label: t.township || "（未填乡镇）", value: t.of, of: t.over })))}`
    : ""
}</section>${
    hazards
      ? html`
<section><h2>隐患（按等级）</h2><table><tr><th>等级</th><th>未整改</th><th>其中逾期</th></tr>${["重大", "较大", "一般"].map((s) => {
          const open = hazards.filter((h) => h.severity === s);
          const overdue = open.filter((h) => h.deadline < today).length;
          return html`<tr><td>${s}</td><td><a href="/dashboard/hazards?severity=${encodeURIComponent(s)}">${open.length}</a></td><td class="${overdue ? "warn" : ""}">${overdue}</td></tr>`;
        })}</table></section>`
      : ""
  }`;
}

export async function overviewPage(db: Db, kinds: KindRegistry, visible: Visible, now: Date, tz: string): Promise<Raw> {
  const today = localDate(now, tz);
  let unitKinds: Promise<Map<number, string>> | null = null;
  const kindsOfUnits = () => {
    unitKinds ??= db.unit
      .findMany({ where: visible ? { id: { in: [...visible] } } : {}, select: { id: true, kind: true } })
      .then((rows) => new Map(rows.map((u) => [u.id, u.kind])));
    return unitKinds;
  };
  const sections: Raw[] = [];
  for (const kind of kinds.withForms()) sections.push(await kindSection(db, kind, visible, kindsOfUnits, now, tz));
  // The plan's standing: the county's (a school's page shows its own targets).
  const plan = visible === null ? await planOf(db, kinds, now, tz) : null;
  const standing = plan ? planStanding(plan, today) : null;
  return html`${sections}
${
  standing
    ? html`<section><h2>工作计划指标</h2><p>已更新 ${standing.updated}/${standing.total} 项，落后于进度 <span class="${standing.behind.length ? "warn" : ""}">${standing.behind.length}</span> 项，尚无数据 <span class="${standing.total > standing.updated ? "warn" : ""}">${standing.total - standing.updated}</span> 项（全年时间已过 ${standing.elapsed}%）</p></section>`
    : ""
}`;
}
