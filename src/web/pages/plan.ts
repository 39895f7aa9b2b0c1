/**
 * The plan: each target's progress against the calendar — its share of the goal beside the share of the
 * year gone (a bar and a pace mark) — and the milestones with the dates and notes units reported.
 */
import type { Db } from "../../db/client.js";
import { type BurnUp, planBurnUp, planStanding, yearElapsed } from "../../kinds/capabilities/plan-targets/figures.js";
import { planOf } from "../../kinds/capabilities/plan-targets/index.js";
import type { KindRegistry } from "../../kinds/registry.js";
import { localDate } from "../../time/zoned.js";
import { html, type Raw } from "../html.js";

/** A progress bar (0–100 % of the goal, capped) with the year's pace marked. */
function paceSvg(percent: number | null, elapsed: number): Raw {
  const p = Math.max(0, Math.min(100, percent ?? 0));
  return html`<svg class="chart" viewBox="0 0 300 22" role="img"><rect x="0" y="4" width="300" height="14" fill="#eef1f5"></rect><rect x="0" y="4" width="${p * 3}" height="14" fill="${percent !== null && percent < elapsed ? "#e6553a" : "#2f7bf6"}"></rect><line x1="${elapsed * 3}" y1="0" x2="${elapsed * 3}" y2="22" stroke="#222" stroke-width="2"></line></svg>`;
}

/**
 * Month by month, the target's share of its goal (a line through a dot per month reported, so a target reported
 * once shows its one point) against the even pace to the year's end (dashed) and the goal (grey), over a month axis.
 */
function burnUpSvg(b: BurnUp): Raw {
  const w = 300;
  const h = 70;
  const axis = 16;
  const x = (m: number) => Math.round(((m - 0.5) / 12) * w);
  const y = (pct: number) => Math.round(h - (Math.min(pct, 120) / 120) * h);
  const reported = b.months.map((m, i) => ({ month: i + 1, current: m.current })).filter((m) => m.current !== null);
  const points = reported.map((m) => `${x(m.month)},${y(((m.current as number) / b.goal) * 100)}`);
  return html`<svg class="chart burnup" width="${w}" height="${h + axis}" viewBox="0 0 ${w} ${h + axis}" role="img"><rect x="0" y="0" width="${w}" height="${h}" fill="#f7f9fc"></rect><line x1="0" y1="${y(100)}" x2="${w}" y2="${y(100)}" stroke="#bbb"></line><line x1="0" y1="${h}" x2="${w}" y2="${y(100)}" stroke="#999" stroke-dasharray="4 3"></line>${
    points.length > 1 ? html`<polyline points="${points.join(" ")}" fill="none" stroke="#2f7bf6" stroke-width="2"></polyline>` : ""
  }${reported.map(
    (m, i) =>
      html`<circle cx="${x(m.month)}" cy="${y(((m.current as number) / b.goal) * 100)}" r="3" fill="#2f7bf6"><title>${m.month}月：${m.current}${b.unit}</title></circle>${
        i === reported.length - 1
          ? html`<text x="${Math.min(x(m.month) + 5, w - 40)}" y="${Math.max(y(((m.current as number) / b.goal) * 100) - 5, 10)}" font-size="10">${m.current}${b.unit}</text>`
          : ""
      }`,
  )}${Array.from({ length: 12 }, (_, i) => html`<text x="${x(i + 1)}" y="${h + 12}" font-size="9" text-anchor="middle" fill="#888">${i + 1}月</text>`)}</svg>`;
}

export async function planPage(db: Db, kinds: KindRegistry, now: Date, tz: string): Promise<Raw> {
  const today = localDate(now, tz);
  const plan = await planOf(db, kinds, now, tz);
  if (!plan) return html`<section><p class="muted">还没有导入工作计划（npm run cli -- plan load …）。</p></section>`;
  const elapsed = yearElapsed(today);
  const standing = planStanding(plan, today);
  const burnUps = await planBurnUp(db, now, tz);
  const milestones = await db.targetProgress.findMany({
    where: { done: true, target: { kind: "milestone", active: true } },
    include: { target: { select: { name: true } }, unit: { select: { name: true, code: true } } },
    orderBy: [{ doneOn: "asc" }, { id: "asc" }],
    take: 500,
  });
  return html`<section><h2>${plan.title}</h2><p>已更新 ${standing.updated}/${standing.total} 项；全年时间已过 ${elapsed}%（竖线），落后于进度的指标标红。</p>
<div class="scroll"><table><tr><th>指标</th><th>当前 / 目标</th><th>进度</th><th>填报单位</th></tr>${plan.targets.map(
    (x) =>
      html`<tr><td>${x.name}</td><td>${
        x.milestone ? (x.done ? html`<span class="ok">已完成</span>` : "未完成") : html`${x.current ?? "—"}${x.unit} / ${x.goal}`
      }</td><td>${x.milestone ? "" : html`${paceSvg(x.percent, elapsed)}${x.percent === null ? "" : html`${x.percent}%`}`}</td><td>${x.nobody ? html`<span class="muted">无</span>` : x.reporting}</td></tr>`,
  )}</table></div></section>
<section><h2>按月进度（相对目标；虚线为平均进度，横线为目标）</h2>${
    burnUps.length
      ? html`<div class="scroll"><table><tr><th>指标</th><th>目标</th><th>1 月至今</th></tr>${burnUps.map(
          (b) => html`<tr><td>${b.name}</td><td>${b.goal}${b.unit}</td><td>${burnUpSvg(b)}</td></tr>`,
        )}</table></div>`
      : html`<p class="muted">没有数量指标。</p>`
  }</section>
<section><h2>已完成的节点</h2>${
    milestones.length
      ? html`<table><tr><th>指标</th><th>单位</th><th>完成日期</th><th>说明</th></tr>${milestones.map(
          (m) =>
            html`<tr><td>${m.target.name}</td><td><a href="/dashboard/units/${encodeURIComponent(m.unit.code)}">${m.unit.name}</a></td><td>${m.doneOn ?? ""}</td><td>${m.note}</td></tr>`,
        )}</table>`
      : html`<p class="muted">还没有单位报告完成的节点。</p>`
  }</section>`;
}
