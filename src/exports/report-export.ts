/**
 * The sheets of an export, read from the database for the units a person may see: per report kind one
 * row per unit and period (who, when, on time / 逾期提交 / 逾期未报, every answer a number in its base
 * unit), the hazard ledger, and the revisions (who changed what, when). Rows are produced one period at
 * a time, so a county's year is never in memory at once.
 */
import { exportTexts as x } from "../../templates/exports.js";
import type { Db, Prisma } from "../db/client.js";
import type { Answers, Field } from "../forms/types.js";
import type { FormKind } from "../kinds/kind.js";
import { specAt } from "../kinds/store.js";
import { liveIn } from "../reports/go-live.js";
import type { Owing } from "../reports/owes.js";
import { deadlineOf, type Period } from "../reports/periods.js";
import type { Cell, Column, Sheet } from "./xlsx.js";

/** Which units' rows a person sees: null, every unit. */
export type Scope = ReadonlySet<number> | null;

const unitWhere = (scope: Scope): Prisma.ReportWhereInput => (scope ? { unitId: { in: [...scope] } } : {});

/** The questions a kind's sheet has a column for: its top-level answers (groups are the hazard ledger; photos are not cells). */
function answerFields(k: FormKind): Field[] {
  return k.form.form(k.name, {}).fields.filter((f) => f.type !== "group" && f.type !== "image");
}

function header(f: Field): string {
  if (f.type === "integer" || f.type === "decimal") return `${f.label}（${f.unit}）`;
  if (f.type === "percent") return `${f.label}（%）`;
  return f.label;
}

function answerCell(f: Field, v: unknown): Cell {
  if (v === undefined || v === null) return null;
  switch (f.type) {
    case "yesno":
      return v === true ? x.yes : v === false ? x.no : null;
    case "integer":
    case "decimal":
    case "percent":
      return typeof v === "number" ? v : null;
    case "date":
      return typeof v === "string" ? { day: v } : null;
    default:
      return typeof v === "string" ? v : String(v);
  }
}

/** One report kind's sheet over `periods`. */
export async function kindSheet(
  db: Db,
  k: FormKind,
  periods: Period[],
  scope: Scope,
  now: Date,
  tz: string,
): Promise<Sheet & { count(): number }> {
  // Reports filled with another version of the kind (its questions changed since): their version has a column, and
  // the questions only an older version asked keep theirs after today's.
  const versions = (
    await db.report.groupBy({
      by: ["kindVersion"],
      where: { kind: k.id, period: { in: periods.map((p) => p.key) }, ...unitWhere(scope) },
    })
  ).map((r) => r.kindVersion);
  const mixed = versions.some((v) => v !== k.version);
  const fields = answerFields(k);
  if (mixed) {
    const keys = new Set(fields.map((f) => f.key));
    for (const v of versions.sort((a, b) => b - a)) {
      const then = v === k.version ? null : await specAt(db, k.id, v);
      for (const f of then?.form(k.name).fields ?? [])
        if (f.type !== "group" && f.type !== "image" && !keys.has(f.key)) {
          keys.add(f.key);
          fields.push(f);
        }
    }
  }
  const totals = k.form.form(k.name, {}).totals ?? [];
  const c = x.columns;
  const columns: Column[] = [
    { header: c.unitCode },
    { header: c.unitName },
    { header: c.township },
    { header: c.unitKind },
    { header: c.period },
    ...(k.chases === "subject" ? [{ header: c.subject }] : []),
    { header: c.status },
    { header: c.by },
    { header: c.at, kind: "instant" as const },
    ...(mixed ? [{ header: c.kindVersion }] : []),
    ...fields.map((f): Column => ({ header: header(f), kind: f.type === "date" ? "day" : "text" })),
    ...totals.map((t): Column => ({ header: `${t.label}（${t.unit}）` })),
  ];
  const units = new Map(
    (await db.unit.findMany({ select: { id: true, kind: true }, ...(scope ? { where: { id: { in: [...scope] } } } : {}) })).map((u) => [
      u.id,
      u.kind,
    ]),
  );
  // Submitters' names once each (not joined per report: a year of a county is a million reports by ~20,000 people),
  // read as they appear — one school's export reads its few submitters, not the county's people.
  const names = new Map<number, string>();
  const nameMissing = async (ids: number[]) => {
    const want = [...new Set(ids)].filter((id) => !names.has(id));
    for (let i = 0; i < want.length; i += 1000)
      for (const p of await db.person.findMany({ where: { id: { in: want.slice(i, i + 1000) } }, select: { id: true, name: true } }))
        names.set(p.id, p.name);
  };
  const due = (p: Period) => deadlineOf(k.deadline, p, tz);
  let rows = 0;
  async function* produce(): AsyncGenerator<Cell[]> {
    let same: Owing[] | null = null;
    for (const p of periods) {
      const all: Owing[] = same ?? (await k.owing(db, p, { now, tz }, scope));
      if (k.owingEveryPeriod) same = all;
      // Nothing is owed for a period before a unit went live (go-live.ts): no 逾期未报 row for it.
      const owing = await liveIn(db, all, p, now, tz);
      const d = due(p);
      const overdue = d !== null && now.getTime() > d.getTime();
      // Who reported and what, in one read per period.
      const reports = new Map(
        (
          await db.report.findMany({
            where: { kind: k.id, period: p.key, ...unitWhere(scope) },
            select: { unitId: true, subject: true, data: true, submittedAt: true, late: true, submittedById: true, kindVersion: true },
          })
        ).map((r) => [`${r.unitId}|${r.subject}`, r]),
      );
      await nameMissing([...reports.values()].map((r) => r.submittedById));
      for (const s of owing) {
        if (scope && !scope.has(s.unitId)) continue;
        const r = reports.get(`${s.unitId}|${s.subject}`);
        const a = (r?.data ?? undefined) as Answers | undefined;
        rows++;
        yield [
          s.unitCode,
          s.unitName,
          s.township,
          units.get(s.unitId) ?? "",
          p.key,
          ...(k.chases === "subject" ? [s.subjectName ?? s.subject] : []),
          r ? (r.late ? x.status.late : x.status.onTime) : overdue ? x.status.missing : x.status.open,
          r ? (names.get(r.submittedById) ?? "") : null,
          r ? { at: r.submittedAt } : null,
          ...(mixed ? [r ? r.kindVersion : null] : []),
          ...fields.map((f) => answerCell(f, a?.[f.key])),
          ...totals.map((t) => (a ? t.of(a) : null)),
        ];
      }
    }
  }
  return { name: k.name, columns, rows: produce(), count: () => rows };
}

/** The hazard ledger: those found by the inspections of `periods` (all, when null), for the units in scope. */
export async function hazardSheet(db: Db, periods: Period[] | null, scope: Scope): Promise<Sheet & { count(): number }> {
  const h = x.hazard;
  const c = x.columns;
  const list = await db.hazard.findMany({
    where: {
      ...(scope ? { unitId: { in: [...scope] } } : {}),
      ...(periods ? { report: { period: { in: periods.map((p) => p.key) } } } : {}),
    },
    include: { unit: { select: { code: true, name: true, township: true } }, report: { select: { period: true } } },
    orderBy: [{ unitId: "asc" }, { number: "asc" }],
  });
  const columns: Column[] = [
    { header: c.unitCode },
    { header: c.unitName },
    { header: c.township },
    { header: h.number },
    { header: h.found, kind: "instant" },
    { header: h.category },
    { header: h.severity },
    { header: h.description },
    { header: h.deadline, kind: "day" },
    { header: h.responsible },
    { header: h.status },
    { header: h.rectifiedAt, kind: "instant" },
    { header: h.rectifyNote },
    { header: h.photo },
    { header: h.fromPeriod },
  ];
  const rows = list.map((z): Cell[] => [
    z.unit.code,
    z.unit.name,
    z.unit.township,
    z.number,
    { at: z.foundAt },
    z.category,
    z.severity,
    z.description,
    { day: z.deadline },
    z.responsible,
    x.hazardStatus[z.status] ?? z.status,
    z.rectifiedAt ? { at: z.rectifiedAt } : null,
    z.rectifyNote || null,
    z.photoId !== null || z.rectifyPhotoId !== null ? x.yes : x.no,
    z.report.period,
  ]);
  return { name: x.hazardsSheet, columns, rows, count: () => rows.length };
}

/** Every revision after the first of the kind's reports in `periods`: who, when, which answers changed. */
export async function revisionSheet(db: Db, k: FormKind, periods: Period[], scope: Scope): Promise<Sheet & { count(): number }> {
  const labels = new Map(k.form.form(k.name, {}).fields.map((f) => [f.key, f.label]));
  const reports = await db.report.findMany({
    where: { kind: k.id, period: { in: periods.map((p) => p.key) }, revision: { gt: 1 }, ...unitWhere(scope) },
    select: {
      period: true,
      unit: { select: { code: true, name: true } },
      revisions: { orderBy: { revision: "asc" }, include: { by: { select: { name: true } } } },
    },
    orderBy: [{ period: "asc" }, { unitId: "asc" }],
  });
  const r = x.revision;
  const columns: Column[] = [
    { header: x.columns.unitCode },
    { header: x.columns.unitName },
    { header: x.columns.period },
    { header: r.revision },
    { header: r.by },
    { header: r.at, kind: "instant" },
    { header: r.late },
    { header: r.changed },
  ];
  const rows: Cell[][] = [];
  for (const rep of reports) {
    let before: Answers | null = null;
    for (const v of rep.revisions) {
      const data = (v.data ?? {}) as Answers;
      if (before) {
        const prev: Answers = before;
        const keys = [...new Set([...Object.keys(prev), ...Object.keys(data)])];
        const changed = keys.filter((key) => JSON.stringify(prev[key]) !== JSON.stringify(data[key])).map((key) => labels.get(key) ?? key);
        rows.push([
          rep.unit.code,
          rep.unit.name,
          rep.period,
          v.revision,
          v.by.name,
          { at: v.at },
          v.late ? x.yes : x.no,
          changed.join("、"),
        ]);
      }
      before = data;
    }
  }
  return { name: x.revisionsSheet, columns, rows, count: () => rows.length };
}
