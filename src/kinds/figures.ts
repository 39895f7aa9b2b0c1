/**
 * A kind's figures for a period, as its words read them: who reported (`status`), the period before (`previous`),
 * each figure its spec declares (a ratio of two answers, the yes/no items not met) and what its capabilities add.
 * Each is computed when first read and once per message: a template that never reads one costs nothing.
 */
import type { Db } from "../db/client.js";
import type { Answers } from "../forms/types.js";
import { inUnits, type UnitStatus, type Units } from "../reports/status.js";
import type { FigureSpec } from "./spec.js";

/** What a kind's words may read. */
export type FigureScope = Record<string, unknown>;

/** Adds `key` to the scope, computed on first read and kept (LiquidJS awaits the promise). */
export function lazy<T>(scope: FigureScope, key: string, compute: () => Promise<T>): void {
  let value: Promise<T> | null = null;
  Object.defineProperty(scope, key, {
    enumerable: true,
    get: () => {
      value ??= compute();
      return value;
    },
  });
}

const pct = (a: number, b: number) => (b ? Math.round((a / b) * 1000) / 10 : 0);

/** "A、B、C等12所": the names past `limit` counted. */
export function nameList(names: readonly string[], limit = 10): string {
  const shown = names.slice(0, limit).join("、");
  return names.length <= limit ? shown : `${shown}等${names.length}所`;
}

/** Who reported of those who owe: `done/owing (percent%)`, how many late, who is missing (and whether overdue). */
export function statusFigures(status: readonly UnitStatus[]) {
  const done = status.filter((s) => s.report).length;
  const missing = status.filter((s) => !s.report);
  return {
    done,
    owing: status.length,
    percent: pct(done, status.length),
    late: status.filter((s) => s.report?.late).length,
    missing: nameList([...new Set(missing.map((s) => s.unitName))]),
    missingCount: missing.length,
    overdue: missing.some((s) => s.overdue),
  };
}
export type StatusFigures = ReturnType<typeof statusFigures>;

type Row = { data: unknown; unit: { name: string; township: string } };

/** The period's reports of the kind (among `units`), read once for every figure. */
export function reportRows(db: Db, kindId: string, periodKey: string, units?: Units): () => Promise<Row[]> {
  let rows: Promise<Row[]> | null = null;
  return () => {
    rows ??= db.report.findMany({
      where: { kind: kindId, period: periodKey, ...inUnits(units) },
      select: { data: true, unit: { select: { name: true, township: true } } },
    });
    return rows;
  };
}

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);

/** One report's ratio: `of` over `over` in percent, one decimal (null when it cannot be read). */
export function ratioOf(f: Extract<FigureSpec, { type: "ratio" }>, data: unknown): { of: number; over: number; rate: number } | null {
  const a = (data ?? {}) as Record<string, unknown>;
  const of = num(a[f.of]);
  const over = num(a[f.over]);
  if (of === null || over === null || over <= 0 || of < 0 || of > over) return null;
  return { of, over, rate: Math.round((of / over) * 1000) / 10 };
}

/** A ratio across the period's reports: the sums, the rate, each unit's rate (lowest first), by township. */
async function ratio(f: Extract<FigureSpec, { type: "ratio" }>, rows: () => Promise<Row[]>) {
  let of = 0;
  let over = 0;
  const rates: { name: string; rate: number }[] = [];
  const towns = new Map<string, { township: string; of: number; over: number }>();
  const all = await rows();
  for (const r of all) {
    const x = ratioOf(f, r.data);
    if (!x) continue;
    of += x.of;
    over += x.over;
    const t = towns.get(r.unit.township) ?? { township: r.unit.township, of: 0, over: 0 };
    t.of += x.of;
    t.over += x.over;
    towns.set(r.unit.township, t);
    rates.push({ name: r.unit.name, rate: x.rate });
  }
  rates.sort((a, b) => a.rate - b.rate);
  return {
    reports: all.length,
    of,
    over,
    rate: pct(of, over),
    percent: over ? `${pct(of, over)}%` : "—",
    /** The three lowest, "A 90%、B 91%". */
    lowest: rates
      .slice(0, 3)
      .map((x) => `${x.name} ${x.rate}%`)
      .join("、"),
    rates,
    byTownship: [...towns.values()].sort((a, b) => a.of / a.over - b.of / b.over),
  };
}
export type RatioFigures = Awaited<ReturnType<typeof ratio>>;

/** A kind's ratio over a period's reports (among `units`), read now (the dashboard, a chart). */
export function ratioFigures(
  db: Db,
  kindId: string,
  f: Extract<FigureSpec, { type: "ratio" }>,
  periodKey: string,
  units?: Units,
): Promise<RatioFigures> {
  return ratio(f, reportRows(db, kindId, periodKey, units));
}

/** The yes/no items answered 否 across the period's reports: each item with how many, those with any. */
async function notMet(f: Extract<FigureSpec, { type: "notMet" }>, rows: () => Promise<Row[]>) {
  const all = await rows();
  const counts = f.items.map((i) => ({
    name: i.name,
    count: all.filter((r) => ((r.data ?? {}) as Record<string, unknown>)[i.field] === false).length,
  }));
  return { reports: all.length, notMet: counts.filter((c) => c.count > 0) };
}

/** Each declared figure of the period, lazily, into the scope. */
export function addPeriodFigures(scope: FigureScope, specs: readonly FigureSpec[], rows: () => Promise<Row[]>): void {
  for (const f of specs) lazy<unknown>(scope, f.name, () => (f.type === "ratio" ? ratio(f, rows) : notMet(f, rows)));
}

/** Each declared figure of one report (the line after it is stored). */
export function reportFigures(specs: readonly FigureSpec[], answers: Answers): FigureScope {
  const out: FigureScope = {};
  for (const f of specs) {
    if (f.type === "ratio") out[f.name] = { rate: ratioOf(f, answers)?.rate ?? null };
    else out[f.name] = { failed: f.items.filter((i) => answers[i.field] === false).map((i) => i.name) };
  }
  return out;
}

/** A period's figures of a kind's status, lazily: who reported now, and in the period before. */
export function addStatus(scope: FigureScope, status: () => Promise<readonly UnitStatus[]>, before: () => Promise<readonly UnitStatus[]>) {
  lazy(scope, "status", async () => statusFigures(await status()));
  lazy(scope, "previous", async () => statusFigures(await before()));
}
