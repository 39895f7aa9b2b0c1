/** The hazard ledger as figures: what a period's inspections found, what is open and overdue now. */
import type { Db } from "../../db/client.js";

export type HazardFigures = {
  /** Found by the period's inspections (withdrawn ones left out). */
  found: number;
  bySeverity: Record<string, number>;
  /** 重大 ones found in the period and still open. */
  majorOpen: { unit: string; number: number; description: string }[];
  /** Open now, and of those past their deadline. */
  open: number;
  overdue: number;
};

export async function hazardFigures(db: Db, periodKey: string, today: string): Promise<HazardFigures> {
  const found = await db.hazard.findMany({
    where: { report: { kind: "safety", period: periodKey }, status: { not: "withdrawn" } },
    include: { unit: true },
  });
  const bySeverity: Record<string, number> = {};
  for (const h of found) bySeverity[h.severity] = (bySeverity[h.severity] ?? 0) + 1;
  const open = await db.hazard.findMany({ where: { status: "open" }, select: { deadline: true } });
  return {
    found: found.length,
    bySeverity,
    majorOpen: found
      .filter((h) => h.severity === "重大" && h.status === "open")
      .map((h) => ({ unit: h.unit.name, number: h.number, description: h.description })),
    open: open.length,
    overdue: open.filter((h) => h.deadline < today).length,
  };
}

/** Open hazards that need action whatever the period: every open 重大 one (at most `limit` listed) and how many are overdue. */
export async function hazardsNeedingAction(db: Db, today: string, limit = 5) {
  const major = await db.hazard.findMany({
    where: { status: "open", severity: "重大" },
    include: { unit: true },
    orderBy: { foundAt: "asc" },
    take: limit,
  });
  const overdue = await db.hazard.count({ where: { status: "open", deadline: { lt: today } } });
  return { overdue, majorOpen: major.map((h) => ({ unit: h.unit.name, number: h.number, description: h.description })) };
}
