/**
 * Who owes what (DESIGN.md "Domain rules"): 安全检查 every school;
 * 课后服务 小学, 初中 and 九年一贯制 in months that overlap a school term;
 * 进度 the units a target names; 督导 each inspector for each assigned school.
 */
import type { Db } from "../db/client.js";
import { SCHOOL_KINDS, type UnitKind } from "../domain/units.js";
import type { KindId } from "./kinds.js";
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

/** Whether units of this kind owe reports of `kind` (by unit kind alone; 进度 needs the plan). */
export function kindOwes(kind: KindId, unitKind: string): boolean {
  if (kind === "safety") return (SCHOOL_KINDS as readonly string[]).includes(unitKind);
  if (kind === "afterschool") return (AFTERSCHOOL_KINDS as readonly string[]).includes(unitKind);
  return false;
}

export type Owing = { unitId: number; unitCode: string; unitName: string; township: string; subject: string };

/** The units (with subjects) that owe `kind` for `period`. */
export async function owingUnits(db: Db, kind: KindId, period: Period, planId?: number): Promise<Owing[]> {
  if (kind === "safety" || kind === "afterschool") {
    if (kind === "afterschool" && !(await inTerm(db, period))) return [];
    const kinds = kind === "safety" ? [...SCHOOL_KINDS] : [...AFTERSCHOOL_KINDS];
    const units = await db.unit.findMany({
      where: { active: true, kind: { in: kinds } },
      orderBy: { code: "asc" },
      select: { id: true, code: true, name: true, township: true },
    });
    return units.map((u) => ({ unitId: u.id, unitCode: u.code, unitName: u.name, township: u.township, subject: "" }));
  }
  if (kind === "supervision") {
    const pairs = await db.inspectorSchool.findMany({
      where: { person: { active: true }, unit: { active: true } },
      include: { person: true, unit: true },
      orderBy: [{ unit: { code: "asc" } }],
    });
    return pairs.map((p) => ({
      unitId: p.unitId,
      unitCode: p.unit.code,
      unitName: p.unit.name,
      township: p.unit.township,
      subject: p.person.useridKey,
    }));
  }
  // 进度: units named by any active target of the plan.
  if (planId === undefined) return [];
  const targets = await db.planTarget.findMany({ where: { planId, active: true } });
  const kinds = new Set<string>();
  const codes = new Set<string>();
  for (const t of targets) {
    const r = reportersOf(t.reporters);
    for (const k of r.kinds) kinds.add(k);
    for (const c of r.codes) codes.add(c);
  }
  const units = await db.unit.findMany({
    where: { active: true, OR: [{ kind: { in: [...kinds] } }, { code: { in: [...codes] } }] },
    orderBy: { code: "asc" },
  });
  return units.map((u) => ({ unitId: u.id, unitCode: u.code, unitName: u.name, township: u.township, subject: "" }));
}

/** The targets a unit reports on. */
export function targetNamesUnit(reporters: unknown, unit: { kind: string; code: string }): boolean {
  const r = reportersOf(reporters);
  if (r.computedFrom) return false;
  return r.kinds.includes(unit.kind) || r.codes.includes(unit.code);
}
