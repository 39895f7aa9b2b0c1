/** 课后服务 figures for a month: participants over enrolment across the reports, and the units with the lowest rates. */
import type { Db } from "../../db/client.js";
import { participationRate } from "./index.js";

export type Participation = {
  reports: number;
  participants: number;
  enrolled: number;
  /** The units' own rates, lowest first. */
  rates: { name: string; rate: number }[];
};

export async function participation(db: Db, periodKey: string): Promise<Participation> {
  const reports = await db.report.findMany({
    where: { kind: "afterschool", period: periodKey },
    select: { data: true, unit: { select: { name: true } } },
  });
  let participants = 0;
  let enrolled = 0;
  const rates: { name: string; rate: number }[] = [];
  for (const r of reports) {
    const a = r.data as Record<string, unknown>;
    participants += Number(a.participants ?? 0);
    enrolled += Number(a.enrolled ?? 0);
    const rate = participationRate({ enrolled: Number(a.enrolled), participants: Number(a.participants) });
    if (rate !== null) rates.push({ name: r.unit.name, rate });
  }
  rates.sort((a, b) => a.rate - b.rate);
  return { reports: reports.length, participants, enrolled, rates };
}
