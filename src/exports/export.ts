/**
 * One export as a file: a report kind over a range of periods (its sheet, then for 安全检查 the hazard
 * ledger, then the revisions), or the hazard ledger alone — for the units in scope. Chat (导出) and the
 * CLI (export) both call it.
 */
import { exportTexts as x } from "../../templates/exports.js";
import { safeFileName } from "../chat/file-name.js";
import type { Db } from "../db/client.js";
import type { FormKind } from "../kinds/kind.js";
import type { Period } from "../reports/periods.js";
import { hazardSheet, kindSheet, revisionSheet, type Scope } from "./report-export.js";
import { writeXlsx, XLSX_MAX_ROWS, type XlsxFile } from "./xlsx.js";

export type ExportRequest = {
  /** A kind with a form, or the hazard ledger. */
  what: FormKind | "hazards";
  /** The kind's periods (for the ledger: the inspections' weeks); null: the whole ledger. */
  periods: Period[] | null;
  /** How the range is written in the file name: 2026-12, 2026-11至2026-12. */
  label: string;
  scope: Scope;
  /** Whose figures, at the start of the file name (溧阳市, a school's name). */
  who: string;
};

/** The file: its name, its bytes in pieces (a large one is never copied whole), their total, and its rows. */
export type ExportFile = { name: string; file: XlsxFile; rows: number };

/** The file's name, known before it is built. */
export function exportName(req: ExportRequest): string {
  return safeFileName(x.fileName(req.who, req.what === "hazards" ? x.hazardsName : req.what.name, req.label));
}

export async function buildExport(db: Db, req: ExportRequest, now: Date, tz: string): Promise<ExportFile> {
  if (req.what === "hazards") {
    const sheet = await hazardSheet(db, req.periods, req.scope);
    const file = await writeXlsx([sheet], tz);
    return { name: exportName(req), file, rows: sheet.count() };
  }
  const k = req.what;
  const periods = req.periods ?? [];
  const sheets = [await kindSheet(db, k, periods, req.scope, now, tz)];
  if (k.hazardLedger) sheets.push(await hazardSheet(db, periods, req.scope));
  sheets.push(await revisionSheet(db, k, periods, req.scope));
  const file = await writeXlsx(sheets, tz);
  // A name from data (a school's name may hold anything): one rule for every file name (chat/file-name.ts).
  return { name: exportName(req), file, rows: sheets.reduce((n, s) => n + s.count(), 0) };
}

/**
 * Whose figures a file holds, at the start of its name: the county (all units), the one school (a principal's,
 * a reporter's, an inspector's only school), or the person for an inspector's several schools.
 */
export async function exportOwner(db: Db, scope: Scope, personName: string): Promise<string> {
  if (scope === null) return x.county;
  if (scope.size === 1) {
    const [only] = scope;
    const unit = await db.unit.findUnique({ where: { id: only as number }, select: { name: true } });
    if (unit) return unit.name;
  }
  return x.inspectorFiles(personName, scope.size);
}

/** What an XLSX row of these sheets weighs, compressed (bench/README: 88 MB for 1,040,000 rows), for the estimate. */
export const BYTES_PER_ROW = 90;

export type ExportPlan = {
  /** The kind's sheet's rows, at most: units owing now × periods (the ledger and revisions are counted apart). */
  rows: number;
  /** The file's size, about. */
  bytes: number;
  /** The most periods one file can hold at this many units (Excel's rows; `maxBytes` when given). */
  periodsPerFile: number;
};

/**
 * The size of an export before any of it is built — read from who owes the kind now (one query) and the ledger's
 * and revisions' counts — so a request too large for Excel or for WeCom is answered with what to ask instead,
 * not after seconds of work and hundreds of MB (a 106-week county export had run 16 s and failed at the last row).
 */
export async function planExport(
  db: Db,
  req: ExportRequest,
  now: Date,
  tz: string,
  maxBytes = Number.POSITIVE_INFINITY,
): Promise<ExportPlan> {
  const periods = req.periods ?? [];
  if (req.what === "hazards") {
    const rows = await db.hazard.count({ where: req.scope ? { unitId: { in: [...req.scope] } } : {} });
    return { rows, bytes: rows * BYTES_PER_ROW, periodsPerFile: Number.POSITIVE_INFINITY };
  }
  const last = periods.at(-1);
  const owing = last ? (await req.what.owing(db, last, { now, tz }, req.scope)).length : 0;
  const rows = owing * periods.length;
  const perFileRows = Math.min(XLSX_MAX_ROWS - 1, Math.floor(maxBytes / BYTES_PER_ROW));
  return { rows, bytes: rows * BYTES_PER_ROW, periodsPerFile: owing ? Math.max(1, Math.floor(perFileRows / owing)) : periods.length };
}

/** People with an export being built in this process: one at a time each, in chat and on the dashboard alike. */
const building = new Set<number>();

/** Runs `build` unless the person already has an export being built (then null: say so, build nothing). */
export async function onePerPerson<T>(personId: number, build: () => Promise<T>): Promise<T | null> {
  if (building.has(personId)) return null;
  building.add(personId);
  try {
    return await build();
  } finally {
    building.delete(personId);
  }
}
