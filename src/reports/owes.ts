/**
 * Helpers for who owes what (docs/DESIGN.md "Domain rules"); each kind's plugin
 * says it for itself: 安全检查 every school; 课后服务 小学, 初中 and 九年一贯制
 * in months that overlap a school term; 进度 the units a target names; 督导
 * each inspector for each assigned school.
 */
import type { Db } from "../db/client.js";
import type { UnitKind } from "../domain/units.js";
import type { Period } from "./periods.js";

export const AFTERSCHOOL_KINDS: readonly UnitKind[] = ["小学", "初中", "九年一贯制"];

export type TargetReporters = { kinds: string[]; codes: string[]; computedFrom?: string };

export function reportersOf(json: unknown): TargetReporters {
  const r = (json ?? {}) as Partial<TargetReporters>;
  return {
    kinds: Array.isArray(r.kinds) ? r.kinds : [],
    codes: Array.isArray(r.codes) ? r.codes : [],
    ...(r.computedFrom ? { computedFrom: r.computedFrom } : {}),
  };
}

/** Whether a month overlaps a term. With no term entered at all, every month counts (and admins are told to enter terms). */
export async function inTerm(db: Db, p: Period): Promise<boolean> {
  const terms = await db.schoolTerm.findMany();
  if (terms.length === 0) return true;
  return terms.some((t) => t.startDate <= p.end && t.endDate >= p.start);
}

/**
 * `subjectName`: the person a report's subject names (督导: the inspector), for people reading lists. `since`: when the
 * unit's roster row was made — nothing is owed for a period that ended before it (go-live.ts).
 */
export type Owing = {
  unitId: number;
  unitCode: string;
  unitName: string;
  township: string;
  subject: string;
  subjectName?: string;
  since?: Date;
};

/** The active units of these kinds (among `among`, when given), in code order, each owing once (no subject). */
export async function unitsOfKinds(db: Db, kinds: readonly string[], among?: ReadonlySet<number> | null): Promise<Owing[]> {
  const units = await db.unit.findMany({
    where: { active: true, kind: { in: [...kinds] }, ...(among ? { id: { in: [...among] } } : {}) },
    orderBy: { code: "asc" },
    select: { id: true, code: true, name: true, township: true, createdAt: true },
  });
  return units.map((u) => ({ unitId: u.id, unitCode: u.code, unitName: u.name, township: u.township, subject: "", since: u.createdAt }));
}

/** Whether a unit kind is one of these. */
export const isOneOf = (kinds: readonly string[]) => (unitKind: string) => kinds.includes(unitKind);

/** The targets a unit reports on. */
export function targetNamesUnit(reporters: unknown, unit: { kind: string; code: string }): boolean {
  const r = reportersOf(reporters);
  if (r.computedFrom) return false;
  return r.kinds.includes(unit.kind) || r.codes.includes(unit.code);
}
