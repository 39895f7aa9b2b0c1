/**
 * When reporting began for a unit: nothing is owed for a period that ended before it (docs/DESIGN.md "Domain rules").
 * A unit's go-live is the day its roster row was made, or the day the bureau set with 上线 if later. Every view
 * — 我的, 未填报, 汇总, reminders, digests, charts, exports, the dashboard — asks here, so they agree.
 */
import type { Db } from "../db/client.js";
import { type LocalDate, localDate } from "../time/zoned.js";
import type { Period } from "./periods.js";

export const GO_LIVE_KEY = "go-live";

/** The day the bureau set for reporting to start (上线), or null. */
export async function bureauGoLive(db: Db): Promise<LocalDate | null> {
  const s = await db.setting.findUnique({ where: { key: GO_LIVE_KEY } });
  return s && /^\d{4}-\d{2}-\d{2}$/.test(s.value) ? s.value : null;
}

export async function setBureauGoLive(db: Db, day: LocalDate | null, by: string, at: Date): Promise<void> {
  if (day === null) {
    await db.setting.deleteMany({ where: { key: GO_LIVE_KEY } });
    return;
  }
  await db.setting.upsert({
    where: { key: GO_LIVE_KEY },
    create: { key: GO_LIVE_KEY, value: day, by, at },
    update: { value: day, by, at },
  });
}

/**
 * The first day a unit owes anything: its roster row's day or the bureau's go-live, the later. A roster row made
 * "after" now (a simulator's clock set in the past) bounds nothing.
 */
export function goLiveOf(since: Date | undefined, bureau: LocalDate | null, now: Date, tz: string): LocalDate | null {
  const row = since && since <= now ? localDate(since, tz) : null;
  if (row && bureau) return row > bureau ? row : bureau;
  return row ?? bureau;
}

/** Whether a unit live from `goLive` owes the period: it had not ended before the unit went live. */
export function owesPeriod(goLive: LocalDate | null, period: Period): boolean {
  return goLive === null || period.end >= goLive;
}

/** Keeps what is owed in the period: units (with their roster row's `since`) live by its end. */
export async function liveIn<T extends { since?: Date }>(db: Db, owing: T[], period: Period, now: Date, tz: string): Promise<T[]> {
  const bureau = await bureauGoLive(db);
  return owing.filter((o) => owesPeriod(goLiveOf(o.since, bureau, now, tz), period));
}
