/** 课后服务 figures for a month: participants over enrolment across the reports, and the units with the lowest rates. */
import { z } from "zod";
import type { Db } from "../../db/client.js";
import { participationRate } from "./index.js";

/** The two figures the digests need, from any stored row that has them (older rows may lack the rest). */
const Participants = z.object({ enrolled: z.number().int().min(1), participants: z.number().int().min(0) });

export function participationOf(data: unknown): { enrolled: number; participants: number } | null {
  const r = Participants.safeParse(data);
  return r.success && r.data.participants <= r.data.enrolled ? r.data : null;
}

export type Participation = {
  reports: number;
  participants: number;
  enrolled: number;
  /** The units' own rates, lowest first. */
  rates: { name: string; rate: number }[];
  /** Participants over enrolment per township, lowest rate first. */
  byTownship: { township: string; participants: number; enrolled: number }[];
};

export async function participation(db: Db, periodKey: string): Promise<Participation> {
  const reports = await db.report.findMany({
    where: { kind: "afterschool", period: periodKey },
    select: { data: true, unit: { select: { name: true, township: true } } },
  });
  let participants = 0;
  let enrolled = 0;
  const rates: { name: string; rate: number }[] = [];
  const towns = new Map<string, { township: string; participants: number; enrolled: number }>();
  for (const r of reports) {
    const a = participationOf(r.data);
    if (!a) continue;
    participants += a.participants;
    enrolled += a.enrolled;
    const t = towns.get(r.unit.township) ?? { township: r.unit.township, participants: 0, enrolled: 0 };
    t.participants += a.participants;
    t.enrolled += a.enrolled;
    towns.set(r.unit.township, t);
    const rate = participationRate(a);
    if (rate !== null) rates.push({ name: r.unit.name, rate });
  }
  rates.sort((a, b) => a.rate - b.rate);
  const byTownship = [...towns.values()].sort((a, b) => a.participants / a.enrolled - b.participants / b.enrolled);
  return { reports: reports.length, participants, enrolled, rates, byTownship };
}
