/** 课后服务 figures for a month: participants over enrolment across the reports, and the units with the lowest rates. */
import type { Db } from "../../db/client.js";
import { participationOf } from "./data.js";
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
    const a = participationOf(r.data);
    if (!a) continue;
    participants += a.participants;
    enrolled += a.enrolled;
    const rate = participationRate(a);
    if (rate !== null) rates.push({ name: r.unit.name, rate });
  }
  rates.sort((a, b) => a.rate - b.rate);
  return { reports: reports.length, participants, enrolled, rates };
}
