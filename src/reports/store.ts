/**
 * Reports and their revisions. One report per unit, kind, period (and
 * subject); a second reporter finishing the same report is told who submitted
 * it and when — nothing is silently overwritten. Every revision is kept.
 */

import type { Db, Prisma, Tx } from "../db/client.js";
import { isUniqueViolation } from "../db/errors.js";
import type { Answers } from "../forms/types.js";

export type ReportKey = { kind: string; unitId: number; period: string; subject: string };

export type Submission = ReportKey & {
  data: Answers;
  /** The version of the kind the answers were given to (its questions show the report later). */
  kindVersion: number;
  byId: number;
  now: Date;
  /** After the deadline: marks a new report 逾期提交, or only its revision when editing. */
  late: boolean;
  /** Editing: the report and the revision the person started from. */
  edit?: { reportId: number; revision: number };
};

export type Saved = { ok: true; reportId: number; revision: number; created: boolean };
export type Taken = { ok: false; by: string; at: Date; reportId: number };
/** The report changed since the edit began (someone else edited it). */
export type Stale = { ok: false; stale: true };

/**
 * Saves a submission in one transaction; `also` runs inside it (hazards).
 * Returns Taken when another person's report for the same key exists.
 */
export async function saveReport(
  db: Db,
  s: Submission,
  also?: (tx: Tx, reportId: number, revision: number) => Promise<void>,
): Promise<Saved | Taken | Stale> {
  const data = s.data as unknown as Prisma.InputJsonValue;
  try {
    return await db.$transaction(
      async (tx: Tx) => {
        if (s.edit) {
          const r = await tx.report.updateMany({
            where: { id: s.edit.reportId, revision: s.edit.revision },
            // The report keeps its own on-time status: a later correction is late or not on its revision alone.
            data: { data, revision: s.edit.revision + 1, kindVersion: s.kindVersion },
          });
          if (r.count !== 1) return { ok: false as const, stale: true as const };
          const revision = s.edit.revision + 1;
          await tx.reportRevision.create({
            data: { reportId: s.edit.reportId, revision, data, byId: s.byId, at: s.now, late: s.late, kindVersion: s.kindVersion },
          });
          await also?.(tx, s.edit.reportId, revision);
          return { ok: true as const, reportId: s.edit.reportId, revision, created: false };
        }
        const report = await tx.report.create({
          data: {
            kind: s.kind,
            unitId: s.unitId,
            period: s.period,
            subject: s.subject,
            data,
            submittedById: s.byId,
            submittedAt: s.now,
            late: s.late,
            kindVersion: s.kindVersion,
          },
        });
        await tx.reportRevision.create({
          data: { reportId: report.id, revision: 1, data, byId: s.byId, at: s.now, late: s.late, kindVersion: s.kindVersion },
        });
        await also?.(tx, report.id, 1);
        return { ok: true as const, reportId: report.id, revision: 1, created: true };
      },
      { timeout: 30_000, maxWait: 10_000 },
    );
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const existing = await findReport(db, s);
    if (!existing) throw err;
    return { ok: false, by: existing.submittedBy.name, at: existing.submittedAt, reportId: existing.id };
  }
}

export function findReport(db: Db, key: ReportKey) {
  return db.report.findUnique({
    where: { kind_unitId_period_subject: { kind: key.kind, unitId: key.unitId, period: key.period, subject: key.subject } },
    include: { submittedBy: true, unit: true, revisions: { orderBy: { revision: "asc" }, include: { by: true } } },
  });
}

/** The unit's latest report of a kind before `period` (keys of one kind sort in time order), or null. */
export function lastReport(db: Db, key: ReportKey) {
  return db.report.findFirst({
    where: { kind: key.kind, unitId: key.unitId, subject: key.subject, period: { lt: key.period } },
    orderBy: { period: "desc" },
    select: { period: true, data: true },
  });
}
