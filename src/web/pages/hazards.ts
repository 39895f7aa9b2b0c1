/** The hazard ledger with filters (township, severity, status, overdue), each hazard's photos and days open. */
import type { Db, Prisma } from "../../db/client.js";
import type { Visible } from "../../domain/scope.js";
import { formatInstantZh, localDate } from "../../time/zoned.js";
import { html, type Raw } from "../html.js";

export const LEDGER_MAX_ROWS = 500;
const STATUS: Record<string, string> = { open: "未整改", rectified: "已整改", withdrawn: "已撤销" };

export type LedgerFilters = { township?: string; severity?: string; status?: string; overdue?: boolean };

export async function hazardsPage(db: Db, visible: Visible, f: LedgerFilters, now: Date, tz: string): Promise<Raw> {
  const today = localDate(now, tz);
  const where: Prisma.HazardWhereInput = {
    ...(visible ? { unitId: { in: [...visible] } } : {}),
    ...(f.township ? { unit: { township: f.township } } : {}),
    ...(f.severity ? { severity: f.severity } : {}),
    ...(f.status && STATUS[f.status] ? { status: f.status } : {}),
    ...(f.overdue ? { status: "open", deadline: { lt: today } } : {}),
  };
  const total = await db.hazard.count({ where });
  const rows = await db.hazard.findMany({
    where,
    include: { unit: { select: { code: true, name: true, township: true } }, report: { select: { period: true } } },
    orderBy: [{ foundAt: "desc" }],
    take: LEDGER_MAX_ROWS,
  });
  // Only the townships of the units the person may see (a principal's list names one, not the county's).
  const townships = (
    await db.unit.findMany({
      where: visible ? { id: { in: [...visible] } } : {},
      distinct: ["township"],
      select: { township: true },
      orderBy: { township: "asc" },
    })
  ).map((u) => u.township);
  const opt = (v: string, label: string, cur?: string) => html`<option value="${v}"${cur === v ? html` selected` : ""}>${label}</option>`;
  const days = (from: Date, to: Date) => Math.max(0, Math.floor((to.getTime() - from.getTime()) / 86_400_000));
  return html`<section><form class="filters" method="get" action="/dashboard/hazards">
<select name="township">${opt("", "全部乡镇", f.township ?? "")}${townships.filter(Boolean).map((t) => opt(t, t, f.township))}</select>
<select name="severity">${opt("", "全部等级", f.severity ?? "")}${["重大", "较大", "一般"].map((s) => opt(s, s, f.severity))}</select>
<select name="status">${opt("", "全部状态", f.status ?? "")}${Object.entries(STATUS).map(([k, v]) => opt(k, v, f.status))}</select>
<label><input type="checkbox" name="overdue" value="1"${f.overdue ? html` checked` : ""}> 只看逾期</label>
<button type="submit">筛选</button> <a class="button" href="/dashboard/export?report=隐患">导出</a></form>
<p class="muted">共 ${total} 处${total > LEDGER_MAX_ROWS ? html`，显示最近发现的 ${LEDGER_MAX_ROWS} 处（全部请导出）` : ""}</p>
<div class="scroll"><table class="ledger"><tr><th>单位</th><th>编号</th><th>发现</th><th>等级</th><th>类别</th><th>描述</th><th>整改期限</th><th>责任人</th><th>状态</th><th>天数</th><th>照片</th></tr>
${rows.map((h) => {
  const overdue = h.status === "open" && h.deadline < today;
  const photos = [h.photoId, h.rectifyPhotoId].filter((x): x is number => x !== null);
  // data-label: a phone shows each hazard as a card, every cell with its column's name (style.css).
  return html`<tr><td data-label="单位"><a href="/dashboard/units/${encodeURIComponent(h.unit.code)}">${h.unit.name}</a><br><span class="muted">${h.unit.township}</span></td>
<td data-label="编号">${h.number}</td><td data-label="发现">${formatInstantZh(h.foundAt, tz)}<br><span class="muted">${h.report.period}</span></td><td data-label="等级" class="${h.severity === "重大" ? "warn" : ""}">${h.severity}</td><td data-label="类别">${h.category}</td><td data-label="描述">${h.description}</td>
<td data-label="整改期限" class="${overdue ? "warn" : ""}">${h.deadline}${overdue ? "（逾期）" : ""}</td><td data-label="责任人">${h.responsible}</td>
<td data-label="状态">${STATUS[h.status] ?? h.status}${h.rectifiedAt ? html`<br><span class="muted">${formatInstantZh(h.rectifiedAt, tz)} ${h.rectifyNote}</span>` : ""}</td>
<td data-label="天数">${h.status === "open" ? days(h.foundAt, now) : h.rectifiedAt ? days(h.foundAt, h.rectifiedAt) : ""}</td>
<td data-label="照片">${photos.map((id) => html`<a href="/dashboard/photos/${id}"><img class="photo" src="/dashboard/photos/${id}" alt="隐患照片"></a>`)}</td></tr>`;
})}</table></div></section>`;
}
