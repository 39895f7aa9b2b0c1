/**
 * Imports a roster file: units upserted by code, people by userid (matched
 * case-insensitively). A file with any bad row imports nothing and reports
 * every bad row with its row number, column and reason. With `replace`,
 * active people absent from the file are deactivated (kept for history).
 */
import type { Db, Tx } from "../db/client.js";
import { invalidFile } from "../errors.js";
import { type CsvRow, readCsv } from "./read-csv.js";
import { REQUIRED_COLUMNS, ROSTER_COLUMNS, type RosterRow, RosterRowSchema } from "./roster-row.js";

export type RosterImportResult = {
  encoding: string;
  rows: number;
  unitsCreated: number;
  unitsUpdated: number;
  peopleCreated: number;
  peopleUpdated: number;
  peopleDeactivated: number;
};

/** Validates every row; returns them, or throws listing every problem. "第 N 行" counts the header as row 1, as Excel does. */
export function validateRoster(header: string[], rows: CsvRow[], fileName: string): RosterRow[] {
  const problems: string[] = [];
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
        problems.push(`第 ${rowNo} 行 ${col} 列：${issue.message}（当前为“${raw[col]}”）`);
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

export async function importRoster(db: Db, file: string, opts: { replace?: boolean; actor?: string } = {}): Promise<RosterImportResult> {
  const { header, rows, encoding } = readCsv(file);
  const valid = validateRoster(header, rows, file);
  return applyRoster(db, valid, { ...opts, encoding });
}

export async function applyRoster(
  db: Db,
  rows: (RosterRow & { line?: number })[],
  opts: { replace?: boolean; actor?: string; encoding?: string } = {},
): Promise<RosterImportResult> {
  const result: RosterImportResult = {
    encoding: opts.encoding ?? "utf-8",
    rows: rows.length,
    unitsCreated: 0,
    unitsUpdated: 0,
    peopleCreated: 0,
    peopleUpdated: 0,
    peopleDeactivated: 0,
  };
  await db.$transaction(
    async (tx: Tx) => {
      // Inspectors' schools must exist: in this file or already in the database.
      const fileUnits = new Set(rows.map((r) => r.unit_code));
      const wanted = [...new Set(rows.flatMap((r) => r.schools))].filter((c) => !fileUnits.has(c));
      const known = new Set((await tx.unit.findMany({ where: { code: { in: wanted } }, select: { code: true } })).map((u) => u.code));
      const unknownSchools = rows.flatMap((r, i) =>
        r.schools
          .filter((c) => !fileUnits.has(c) && !known.has(c))
          .map((c) => `第 ${r.line ?? i + 2} 行 schools 列：单位代码 ${c} 不在本文件中，也不在已导入的名册中`),
      );
      if (unknownSchools.length) throw invalidFile("名册", unknownSchools);

      const unitIds = new Map<string, number>();
      const existingUnits = new Map((await tx.unit.findMany()).map((u) => [u.code, u]));
      for (const r of rows) {
        if (unitIds.has(r.unit_code)) continue;
        const data = { name: r.unit_name, kind: r.unit_kind, township: r.township, rural: r.rural, active: true };
        const u = existingUnits.get(r.unit_code);
        if (!u) {
          unitIds.set(r.unit_code, (await tx.unit.create({ data: { code: r.unit_code, ...data } })).id);
          result.unitsCreated++;
        } else {
          if (u.name !== data.name || u.kind !== data.kind || u.township !== data.township || u.rural !== data.rural || !u.active) {
            await tx.unit.update({ where: { id: u.id }, data });
            result.unitsUpdated++;
          }
          unitIds.set(r.unit_code, u.id);
        }
      }
      for (const u of existingUnits.values()) if (!unitIds.has(u.code)) unitIds.set(u.code, u.id);

      const existingPeople = new Map((await tx.person.findMany({ include: { roles: true, schools: true } })).map((p) => [p.useridKey, p]));
      const inFile = new Set<string>();
      for (const r of rows) {
        const key = r.userid.toLowerCase();
        inFile.add(key);
        const unitId = unitIds.get(r.unit_code) as number;
        const schoolIds = r.schools.map((c) => unitIds.get(c) as number).sort((a, b) => a - b);
        const roles = [...r.roles].sort();
        const data = { userid: r.userid, name: r.name, mobile: r.mobile, unitId, active: true };
        const p = existingPeople.get(key);
        if (!p) {
          await tx.person.create({
            data: {
              ...data,
              useridKey: key,
              roles: { create: roles.map((role) => ({ role })) },
              schools: { create: schoolIds.map((id) => ({ unitId: id })) },
            },
          });
          result.peopleCreated++;
          continue;
        }
        const sameRoles =
          p.roles
            .map((x) => x.role)
            .sort()
            .join("|") === roles.join("|");
        const sameSchools =
          p.schools
            .map((x) => x.unitId)
            .sort((a, b) => a - b)
            .join("|") === schoolIds.join("|");
        const sameFields = p.userid === data.userid && p.name === data.name && p.mobile === data.mobile && p.unitId === unitId && p.active;
        if (sameRoles && sameSchools && sameFields) continue;
        await tx.person.update({ where: { id: p.id }, data });
        if (!sameRoles) {
          await tx.personRole.deleteMany({ where: { personId: p.id } });
          await tx.personRole.createMany({ data: roles.map((role) => ({ personId: p.id, role })) });
        }
        if (!sameSchools) {
          await tx.inspectorSchool.deleteMany({ where: { personId: p.id } });
          await tx.inspectorSchool.createMany({ data: schoolIds.map((unitId) => ({ personId: p.id, unitId })) });
        }
        result.peopleUpdated++;
      }
      if (opts.replace) {
        const gone = [...existingPeople.values()].filter((p) => p.active && !inFile.has(p.useridKey)).map((p) => p.id);
        if (gone.length) {
          await tx.person.updateMany({ where: { id: { in: gone } }, data: { active: false } });
          result.peopleDeactivated = gone.length;
        }
      }
      await tx.auditLog.create({
        data: { actor: opts.actor ?? "cli", action: opts.replace ? "roster.replace" : "roster.import", detail: { ...result } },
      });
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
  return result;
}
