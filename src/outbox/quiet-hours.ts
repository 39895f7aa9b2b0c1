/**
 * Quiet hours (QUIET_HOURS, e.g. 21:00-07:30, may wrap midnight): scheduled
 * messages that fall due inside them are released when they end; replies and
 * 重大 alerts never wait. Mass sends are spread and avoid the exact :00 and :30
 * (WeCom asks for this).
 */
import { addDays, atLocal, type LocalDate, localDate, localParts } from "../time/zoned.js";

export type QuietHours = { start: string; end: string } | null;

function minutes(hhmm: string): number {
  const [h = "0", m = "0"] = hhmm.split(":");
  return Number(h) * 60 + Number(m);
}

export function inQuietHours(at: Date, quiet: QuietHours, tz: string): boolean {
  if (!quiet) return false;
  const p = localParts(at, tz);
  const now = p.hour * 60 + p.minute;
  const s = minutes(quiet.start);
  const e = minutes(quiet.end);
  return s <= e ? now >= s && now < e : now >= s || now < e;
}

/** When a scheduled message due at `at` may go: `at`, or the end of the quiet hours it falls in. */
export function releaseTime(at: Date, quiet: QuietHours, tz: string): Date {
  if (!quiet || !inQuietHours(at, quiet, tz)) return at;
  const e = minutes(quiet.end);
  const p = localParts(at, tz);
  const today: LocalDate = localDate(at, tz);
  const endToday = atLocal(today, Math.floor(e / 60), e % 60, tz);
  return p.hour * 60 + p.minute < e ? endToday : atLocal(addDays(today, 1), Math.floor(e / 60), e % 60, tz);
}

/**
 * The send time of the i-th of n messages of one mass send: spread over up to
 * three minutes, and never at an exact :00 or :30.
 */
export function spreadTime(at: Date, i: number, n: number, tz: string, random: () => number = Math.random): Date {
  const window = Math.min(180_000, Math.max(0, n - 1) * 2_000);
  let t = at.getTime() + (n > 1 ? Math.floor((i / (n - 1)) * window) : 0) + Math.floor(random() * 5_000);
  const p = localParts(new Date(t), tz);
  if (p.minute % 30 === 0) t += 61_000 + Math.floor(random() * 30_000);
  return new Date(t);
}
