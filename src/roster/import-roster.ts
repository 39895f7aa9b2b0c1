/**
 * Imports a roster file: units upserted by code, people by userid (matched
 * case-insensitively). A file with any bad row imports nothing and reports
 * every bad row with its row number, column and reason. With `replace`,
 * active people absent from the file are deactivated (kept for history).
 * The rows are applied beside a live bot by apply-roster.ts.
 */
import { printable } from "../chat/plain-text.js";
import type { Db } from "../db/client.js";
import { invalidFile } from "../errors.js";
import { type ApplyOptions, applyRoster, type RosterImportResult } from "./apply-roster.js";
import { type CsvRow, readCsv } from "./read-csv.js";
import { REQUIRED_COLUMNS, ROSTER_COLUMNS, type RosterRow, RosterRowSchema, rosterColumn } from "./roster-row.js";

export type { RosterImportResult };

/** Validates every row; returns them, or throws listing every problem. "第 N 行" counts the header as row 1, as Excel does. */
export function validateRoster(rawHeader: string[], rows: CsvRow[], fileName: string): RosterRow[] {
  const problems: string[] = [];
  const header = rawHeader.map(rosterColumn);
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) {
    throw invalidFile(fileName, [`第 1 行（表头）缺少列：${missing.join("、")}；表头应为 ${ROSTER_COLUMNS.join(",")}`]);
  }
  const unknown = header.filter((h) => h && !(ROSTER_COLUMNS as readonly string[]).includes(h));
  if (unknown.length) problems.push(`第 1 行（表头）有不认识的列：${unknown.join("、")}`);

  const out: (RosterRow & { line: number })[] = [];
  const userRow = new Map<string, number>();
  const units = new Map<string, { name: string; kind: string; township: string; rural: boolean; row: number }>();
  rows.forEach(({ cells, line: rowNo }) => {
    const raw = Object.fromEntries(ROSTER_COLUMNS.map((c) => [c, (header.indexOf(c) >= 0 ? cells[header.indexOf(c)] : "") ?? ""]));
    const parsed = RosterRowSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const col = String(issue.path[0]);
        // The cell shown as the operator's terminal can show it: no control character reaches it.
        problems.push(`第 ${rowNo} 行 ${col} 列：${issue.message}（当前为“${printable(raw[col])}”）`);
      }
      return;
    }
    const r = parsed.data;
    const key = r.userid.toLowerCase();
    const first = userRow.get(key);
    if (first) problems.push(`第 ${rowNo} 行 userid 列：${r.userid} 与第 ${first} 行重复（账号不分大小写）`);
    else userRow.set(key, rowNo);
    const u = units.get(r.unit_code);
    if (!u) units.set(r.unit_code, { name: r.unit_name, kind: r.unit_kind, township: r.township, rural: r.rural, row: rowNo });
    else {
      for (const [col, a, b] of [
        ["unit_name", u.name, r.unit_name],
        ["unit_kind", u.kind, r.unit_kind],
        ["township", u.township, r.township],
        ["rural", u.rural, r.rural],
      ] as const) {
        if (a !== b)
          problems.push(
            `第 ${rowNo} 行 ${col} 列：单位 ${r.unit_code} 在第 ${u.row} 行写的是“${String(a)}”，这里是“${String(b)}”，同一单位须一致`,
          );
      }
    }
    if (r.schools.length && !r.roles.includes("inspector")) {
      problems.push(`第 ${rowNo} 行 schools 列：只有责任督学（inspector）才填负责的学校`);
    }
    out.push({ ...r, line: rowNo });
  });
  if (problems.length) throw invalidFile(fileName, problems);
  return out;
}

export async function importRoster(db: Db, file: string, opts: Omit<ApplyOptions, "encoding"> = {}): Promise<RosterImportResult> {
  const { header, rows, encoding } = readCsv(file);
  const valid = validateRoster(header, rows, file);
  return applyRoster(db, valid, { ...opts, encoding });
}
