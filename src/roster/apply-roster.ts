/**
 * Applies validated roster rows beside a live bot. The rows are first written
 * to a journal (RosterImport); units, then people, are applied in short
 * transactions of CHUNK rows, each recording how far it got (the rows
 * themselves sit apart in RosterImportRows, written once), with a pause
 * between them so the bot's writes (one SQLite file has one writer at a time)
 * are never held up for long; the deactivations of `--replace`, the audit
 * entry and the journal's "done" come in the last one. A crash leaves the
 * journal pending, and the next import or the next start of the bot
 * completes it: the file is applied whole, or — when refused before the
 * journal is written — not at all.
 */
import { z } from "zod";
import type { Db, Prisma, Tx } from "../db/client.js";
import { AppError, invalidFile } from "../errors.js";
import type { RosterRow } from "./roster-row.js";

export type RosterImportResult = {
  encoding: string;
  rows: number;
  unitsCreated: number;
  unitsUpdated: number;
  peopleCreated: number;
  peopleUpdated: number;
  peopleDeactivated: number;
};

export type ApplyOptions = {
  replace?: boolean;
  /** `--force`: a `--replace` that deactivates every admin or over half the roster goes ahead. */
  force?: boolean;
  actor?: string;
  encoding?: string;
  /** Rows per transaction, and the pause after each (tests make them small). */
  chunk?: number;
  pauseMs?: number;
};

const CHUNK = 500;
/** Longer than SQLite's busy handler sleeps between tries (up to 100 ms), so a waiting bot gets the lock. */
const PAUSE_MS = 150;

type Row = RosterRow & { line?: number };
const Journal = z.object({
  rows: z.array(z.custom<Row>((v) => typeof v === "object" && v !== null)),
  result: z.custom<RosterImportResult>((v) => typeof v === "object" && v !== null),
});

/** Refuses a file that names schools nowhere to be found, and a `--replace` that would empty the roster by mistake. */
async function precheck(db: Db, rows: Row[], opts: ApplyOptions): Promise<void> {
  const fileUnits = new Set(rows.map((r) => r.unit_code));
  const wanted = [...new Set(rows.flatMap((r) => r.schools))].filter((c) => !fileUnits.has(c));
  const known = new Set((await db.unit.findMany({ where: { code: { in: wanted } }, select: { code: true } })).map((u) => u.code));
  const unknownSchools = rows.flatMap((r, i) =>
    r.schools
      .filter((c) => !fileUnits.has(c) && !known.has(c))
      .map((c) => `第 ${r.line ?? i + 2} 行 schools 列：单位代码 ${c} 不在本文件中，也不在已导入的名册中`),
  );
  if (unknownSchools.length) throw invalidFile("名册", unknownSchools);
  if (!opts.replace || opts.force) return;
  const inFile = new Set(rows.map((r) => r.userid.toLowerCase()));
  const active = await db.person.findMany({ where: { active: true }, select: { useridKey: true, roles: { select: { role: true } } } });
  const gone = active.filter((p) => !inFile.has(p.useridKey));
  // After a replace, the admins are exactly the file's rows with the admin role.
  const everyAdmin = active.some((p) => p.roles.some((r) => r.role === "admin")) && !rows.some((r) => r.roles.includes("admin"));
  if (everyAdmin || gone.length > active.length / 2) {
    throw new AppError(
      "INVALID_FILE",
      `--replace 将停用 ${gone.length} 人（现有在用人员 ${active.length} 人${everyAdmin ? "，包括全部管理员" : "，超过一半"}），未导入任何内容。请检查名册文件是否完整；确认要这样做，请加 --force 再运行`,
    );
  }
}

/** The counts of an import that has applied nothing yet. */
export function emptyResult(rows: number, encoding = "utf-8"): RosterImportResult {
  return { encoding, rows, unitsCreated: 0, unitsUpdated: 0, peopleCreated: 0, peopleUpdated: 0, peopleDeactivated: 0 };
}

export async function applyRoster(db: Db, rows: Row[], opts: ApplyOptions = {}): Promise<RosterImportResult> {
  await resumeRosterImports(db, opts);
  await precheck(db, rows, opts);
  const result = emptyResult(rows.length, opts.encoding);
  const journal = await db.rosterImport.create({
    data: { replace: !!opts.replace, actor: opts.actor ?? "cli", result, rows: { create: { rows: JSON.stringify(rows) } } },
    select: { id: true },
  });
  return applyJournal(db, journal.id, opts);
}

/** Completes every import a crash left pending (oldest first). Returns how many. */
export async function resumeRosterImports(db: Db, opts: Pick<ApplyOptions, "chunk" | "pauseMs"> = {}): Promise<number> {
  const pending = await db.rosterImport.findMany({ where: { status: "pending" }, select: { id: true }, orderBy: { id: "asc" } });
  for (const p of pending) await applyJournal(db, p.id, opts);
  return pending.length;
}

async function applyJournal(db: Db, id: number, opts: Pick<ApplyOptions, "chunk" | "pauseMs">): Promise<RosterImportResult> {
  const chunk = opts.chunk ?? CHUNK;
  const pause = opts.pauseMs ?? PAUSE_MS;
  const j = await db.rosterImport.findUniqueOrThrow({ where: { id }, include: { rows: true } });
  const { rows, result } = Journal.parse({ rows: JSON.parse(j.rows?.rows ?? "[]"), result: j.result });
  const units = uniqueUnits(rows);
  const total = units.length + rows.length;
  for (let at = j.applied; at < total; ) {
    const end = at < units.length ? Math.min(at + chunk, units.length) : Math.min(at + chunk, total);
    await db.$transaction(
      async (tx: Tx) => {
        // A write first: on SQLite it takes the write lock (waiting its turn); a transaction that read first
        // could not upgrade once the bot had committed meanwhile (SQLITE_BUSY at once, no waiting).
        await tx.rosterImport.update({ where: { id }, data: { applied: end } });
        if (at < units.length) await applyUnits(tx, units.slice(at, end), result);
        else await applyPeople(tx, rows.slice(at - units.length, end - units.length), result);
        await tx.rosterImport.update({ where: { id }, data: { result: result as unknown as Prisma.InputJsonValue } });
      },
      { timeout: 60_000, maxWait: 30_000 },
    );
    at = end;
    // Let the bot's writes in between two chunks.
    if (at < total) await new Promise((r) => setTimeout(r, pause));
  }
  await db.$transaction(
    async (tx: Tx) => {
      await tx.rosterImport.update({ where: { id }, data: { status: "pending" } }); // a write first, as above
      if (j.replace) {
        const inFile = rows.map((r) => r.userid.toLowerCase());
        const gone = await tx.person.updateMany({ where: { active: true, useridKey: { notIn: inFile } }, data: { active: false } });
        result.peopleDeactivated = gone.count;
      }
      await tx.auditLog.create({ data: { actor: j.actor, action: j.replace ? "roster.replace" : "roster.import", detail: { ...result } } });
      await tx.rosterImport.update({
        where: { id },
        data: { status: "done", result: result as unknown as Prisma.InputJsonValue, finishedAt: new Date() },
      });
      // The rows are not kept once applied: the audit entry has the counts.
      await tx.rosterImportRows.deleteMany({ where: { importId: id } });
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
  return result;
}

type UnitRow = { code: string; name: string; kind: string; township: string; rural: boolean };

function uniqueUnits(rows: Row[]): UnitRow[] {
  const seen = new Map<string, UnitRow>();
  for (const r of rows)
    if (!seen.has(r.unit_code))
      seen.set(r.unit_code, { code: r.unit_code, name: r.unit_name, kind: r.unit_kind, township: r.township, rural: r.rural });
  return [...seen.values()];
}

async function applyUnits(tx: Tx, units: UnitRow[], result: RosterImportResult): Promise<void> {
  const existing = new Map((await tx.unit.findMany({ where: { code: { in: units.map((u) => u.code) } } })).map((u) => [u.code, u]));
  const fresh = units.filter((u) => !existing.has(u.code));
  if (fresh.length) {
    await tx.unit.createMany({ data: fresh.map((u) => ({ ...u, active: true })) });
    result.unitsCreated += fresh.length;
  }
  for (const u of units) {
    const e = existing.get(u.code);
    if (!e || (e.name === u.name && e.kind === u.kind && e.township === u.township && e.rural === u.rural && e.active)) continue;
    await tx.unit.update({ where: { id: e.id }, data: { name: u.name, kind: u.kind, township: u.township, rural: u.rural, active: true } });
    result.unitsUpdated++;
  }
}

async function applyPeople(tx: Tx, rows: Row[], result: RosterImportResult): Promise<void> {
  const codes = [...new Set(rows.flatMap((r) => [r.unit_code, ...r.schools]))];
  const unitIds = new Map(
    (await tx.unit.findMany({ where: { code: { in: codes } }, select: { id: true, code: true } })).map((u) => [u.code, u.id]),
  );
  const keys = rows.map((r) => r.userid.toLowerCase());
  const existing = new Map(
    (await tx.person.findMany({ where: { useridKey: { in: keys } }, include: { roles: true, schools: true } })).map((p) => [
      p.useridKey,
      p,
    ]),
  );
  const shape = (r: Row) => ({
    key: r.userid.toLowerCase(),
    unitId: unitIds.get(r.unit_code) as number,
    schoolIds: r.schools.map((c) => unitIds.get(c) as number).sort((a, b) => a - b),
    roles: [...r.roles].sort(),
  });
  // New people in three statements for the chunk (people, their roles, their schools), not three each.
  const fresh = rows.filter((r) => !existing.has(r.userid.toLowerCase())).map((r) => ({ r, ...shape(r) }));
  if (fresh.length) {
    await tx.person.createMany({
      data: fresh.map((f) => ({
        userid: f.r.userid,
        useridKey: f.key,
        name: f.r.name,
        mobile: f.r.mobile,
        unitId: f.unitId,
        active: true,
      })),
    });
    const ids = new Map(
      (await tx.person.findMany({ where: { useridKey: { in: fresh.map((f) => f.key) } }, select: { id: true, useridKey: true } })).map(
        (p) => [p.useridKey, p.id],
      ),
    );
    const roles = fresh.flatMap((f) => f.roles.map((role) => ({ personId: ids.get(f.key) as number, role })));
    const schools = fresh.flatMap((f) => f.schoolIds.map((unitId) => ({ personId: ids.get(f.key) as number, unitId })));
    if (roles.length) await tx.personRole.createMany({ data: roles });
    if (schools.length) await tx.inspectorSchool.createMany({ data: schools });
    result.peopleCreated += fresh.length;
  }
  for (const r of rows) {
    const { key, unitId, schoolIds, roles } = shape(r);
    const data = { userid: r.userid, name: r.name, mobile: r.mobile, unitId, active: true };
    const p = existing.get(key);
    if (!p) continue;
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
}
