/** The units a person may see, and one unit's page: its reports by period with answers and revisions, its hazards, its targets. */
import { dashboardTexts as t } from "../../../templates/dashboard.js";
import type { Db } from "../../db/client.js";
import type { Visible } from "../../domain/scope.js";
import { summaryLines } from "../../forms/engine.js";
import type { Answers } from "../../forms/types.js";
import type { KindRegistry } from "../../kinds/registry.js";
import { formatInstantZh } from "../../time/zoned.js";
import { html, type Raw } from "../html.js";

/** Reports listed per kind on a unit's page (the latest); the rest are in the export. */
export const UNIT_REPORTS_MAX = 26;

export async function unitsPage(db: Db, visible: Visible): Promise<Raw> {
  const units = await db.unit.findMany({
    where: { active: true, ...(visible ? { id: { in: [...visible] } } : {}) },
    orderBy: [{ township: "asc" }, { code: "asc" }],
    take: 5000,
  });
  return html`<section><div class="scroll"><table><tr><th>单位</th><th>代码</th><th>乡镇</th><th>类型</th></tr>${units.map(
    (u) =>
      html`<tr><td><a href="/dashboard/units/${encodeURIComponent(u.code)}">${u.name}</a></td><td>${u.code}</td><td>${u.township}</td><td>${u.kind}</td></tr>`,
  )}</table></div></section>`;
}

export async function unitPage(
  db: Db,
  registry: KindRegistry,
  unit: { id: number; code: string; name: string; township: string; kind: string },
  tz: string,
): Promise<Raw> {
  const kinds = registry.withForms();
  const sections: Raw[] = [];
  for (const k of kinds) {
    const reports = await db.report.findMany({
      where: { kind: k.id, unitId: unit.id },
      orderBy: { period: "desc" },
      take: UNIT_REPORTS_MAX,
      include: {
        submittedBy: { select: { name: true } },
        revisions: { orderBy: { revision: "asc" }, include: { by: { select: { name: true } } } },
      },
    });
    if (!reports.length) continue;
    // Each report under the questions of the kind's version it was filled with.
    const shown = await Promise.all(reports.map(async (r) => ({ r, asked: await registry.formAt(db, k, r.kindVersion) })));
    sections.push(
      html`<section><h2>${k.name}</h2>${shown.map(
        ({
          r,
          asked,
        }) => html`<details><summary>${r.period} · ${r.submittedBy.name} ${formatInstantZh(r.submittedAt, tz)}${r.late ? html` <span class="warn">逾期提交</span>` : ""}${r.revision > 1 ? html` · 第 ${r.revision} 版` : ""}</summary>
${asked.older ? html`<p class="muted">${t.olderQuestions}</p>` : ""}<p>${summaryLines(asked.kind.form.form(k.name, {}), (r.data ?? {}) as Answers).map((l) => html`${l}<br>`)}</p>${
          r.revisions.length > 1
            ? html`<p class="muted">修改记录：${r.revisions.map((v) => html`第 ${v.revision} 版 ${v.by.name} ${formatInstantZh(v.at, tz)}；`)}</p>`
            : ""
        }</details>`,
      )}</section>`,
    );
  }
  const hazards = await db.hazard.findMany({ where: { unitId: unit.id }, orderBy: { number: "desc" }, take: 200 });
  const progress = await db.targetProgress.findMany({
    where: { unitId: unit.id },
    orderBy: { id: "desc" },
    include: { target: { select: { name: true, measure: true } } },
    take: 500,
  });
  const latest = new Map<number, (typeof progress)[number]>();
  for (const p of progress) if (!latest.has(p.targetId)) latest.set(p.targetId, p);
  return html`<section><p>${unit.code} · ${unit.township} · ${unit.kind}</p>
<p>${kinds
    .filter((k) => k.owes(unit))
    .map(
      (k, i) =>
        html`${i ? " " : ""}<a class="button" href="/dashboard/export?report=${encodeURIComponent(k.name)}&amp;period=${encodeURIComponent("本月")}&amp;unit=${encodeURIComponent(unit.code)}">导出本月${k.name}</a>`,
    )}</p></section>
${sections}
${
  registry.all().some((k) => k.hazardLedger)
    ? html`<section><h2>隐患（${hazards.length}）</h2>${
        hazards.length
          ? html`<table><tr><th>编号</th><th>等级</th><th>描述</th><th>期限</th><th>状态</th></tr>${hazards.map(
              (h) =>
                html`<tr><td>${h.number}</td><td>${h.severity}</td><td>${h.description}</td><td>${h.deadline}</td><td>${h.status === "open" ? "未整改" : h.status === "rectified" ? "已整改" : "已撤销"}</td></tr>`,
            )}</table>`
          : html`<p class="muted">没有隐患记录。</p>`
      }</section>`
    : ""
}
${
  registry.all().some((k) => k.capabilities.planTargets)
    ? html`<section><h2>工作计划指标</h2>${
        latest.size
          ? html`<table><tr><th>指标</th><th>最新</th><th>月份</th></tr>${[...latest.values()].map(
              (p) =>
                html`<tr><td>${p.target.name}</td><td>${p.value ?? (p.done ? "已完成" : "未完成")}${p.target.measure ?? ""}</td><td>${p.period}</td></tr>`,
            )}</table>`
          : html`<p class="muted">没有填报进度。</p>`
      }</section>`
    : ""
}`;
}
