/** The hazard ledger as figures: what a period's inspections found, what is open and overdue now. */
import type { Db } from "../../../db/client.js";

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

export async function hazardFigures(db: Db, kindId: string, periodKey: string, today: string): Promise<HazardFigures> {
  const found = await db.hazard.findMany({
    where: { report: { kind: kindId, period: periodKey }, status: { not: "withdrawn" } },
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

/** 重大 hazards found in the last day and still open (the 日报's alarm lines), oldest first. */
export async function newMajorHazards(db: Db, now: Date) {
  const since = new Date(now.getTime() - 24 * 3_600_000);
  const rows = await db.hazard.findMany({
    where: { severity: "重大", status: "open", foundAt: { gt: since } },
    include: { unit: true },
    orderBy: { foundAt: "asc" },
  });
  return rows.map((h) => ({ unit: h.unit.name, number: h.number, description: h.description, deadline: h.deadline }));
}

/** A hazard as a line of what needs action names it. */
export type HazardRef = { unit: string; number: number; description: string; deadline: string; overdue: boolean };

/**
 * Open hazards that need action whatever the period: how many are overdue and the first `limit` of them (oldest
 * deadline first), and every open 重大 one (at most `limit` listed), each with its deadline.
 */
export async function hazardsNeedingAction(db: Db, today: string, limit = 5) {
  const ref = (h: { unit: { name: string }; number: number; description: string; deadline: string }): HazardRef => ({
    unit: h.unit.name,
    number: h.number,
    description: h.description,
    deadline: h.deadline,
    overdue: h.deadline < today,
  });
  const major = await db.hazard.findMany({
    where: { status: "open", severity: "重大" },
    include: { unit: true },
    orderBy: { foundAt: "asc" },
    take: limit,
  });
  const overdueWhere = { status: "open", deadline: { lt: today } };
  const overdue = await db.hazard.count({ where: overdueWhere });
  const firstOverdue = await db.hazard.findMany({
    where: overdueWhere,
    include: { unit: true },
    orderBy: [{ deadline: "asc" }, { id: "asc" }],
    take: 3,
  });
  return { overdue, firstOverdue: firstOverdue.map(ref), majorOpen: major.map(ref) };
}

/** A period's completion per township (units that reported, of those that owe), lowest rate first. */
export type TownshipCompletion = { township: string; done: number; owing: number };

export function completionByTownship(status: readonly { township: string; report: unknown }[]): TownshipCompletion[] {
  const by = new Map<string, TownshipCompletion>();
  for (const s of status) {
    const t = by.get(s.township) ?? { township: s.township, done: 0, owing: 0 };
    t.owing++;
    if (s.report) t.done++;
    by.set(s.township, t);
  }
  return [...by.values()].sort((a, b) => a.done / a.owing - b.done / b.owing || a.township.localeCompare(b.township));
}

/** A week of the 12 the 周报 charts: reports in, of the units owing now; hazards open at the week's end. */
export type WeekPoint = { key: string; done: number; owing: number; openHazards: number };

/** `owing(key)`: how many units owed that week (those live by its end). */
export async function safetyHistory(
  db: Db,
  kindId: string,
  weeks: readonly { key: string; endsAt: Date }[],
  owing: (weekKey: string) => number,
): Promise<WeekPoint[]> {
  const counts = await db.report.groupBy({
    by: ["period"],
    where: { kind: kindId, period: { in: weeks.map((w) => w.key) } },
    _count: { _all: true },
  });
  const done = new Map(counts.map((c) => [c.period, c._count._all]));
  const out: WeekPoint[] = [];
  for (const w of weeks) {
    // Open at the end of the week: found by then, not withdrawn, and not rectified by then.
    const openHazards = await db.hazard.count({
      where: {
        foundAt: { lte: w.endsAt },
        status: { not: "withdrawn" },
        OR: [{ rectifiedAt: null }, { rectifiedAt: { gt: w.endsAt } }],
      },
    });
    out.push({ key: w.key, done: done.get(w.key) ?? 0, owing: owing(w.key), openHazards });
  }
  return out;
}
