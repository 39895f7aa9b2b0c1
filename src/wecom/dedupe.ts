/**
 * Durable dedupe of WeCom's redeliveries. The first delivery claims the key
 * (a unique row); a redelivery finds it and is answered without a second
 * reply or write. A claim whose process died (lease passed while still
 * "processing") is taken over by the next redelivery, so a crash loses nothing.
 */

import type { Db } from "../db/client.js";
import { isUniqueViolation } from "../db/errors.js";

export type ClaimResult = "claimed" | "taken-over" | "duplicate";

export async function claimDelivery(db: Db, key: string, fromUser: string, now: Date, leaseMs: number): Promise<ClaimResult> {
  const leaseUntil = new Date(now.getTime() + leaseMs);
  try {
    await db.inboundDedupe.create({ data: { key, fromUser, status: "processing", leaseUntil, receivedAt: now } });
    return "claimed";
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
  const taken = await db.inboundDedupe.updateMany({
    where: { key, status: "processing", leaseUntil: { lt: now } },
    data: { leaseUntil },
  });
  return taken.count === 1 ? "taken-over" : "duplicate";
}

export async function finishDelivery(db: Db, key: string, now: Date): Promise<void> {
  await db.inboundDedupe.update({ where: { key }, data: { status: "done", doneAt: now } });
}

/** Gives a claim back when processing failed, so WeCom's redelivery is processed. */
export async function releaseDelivery(db: Db, key: string): Promise<void> {
  await db.inboundDedupe.deleteMany({ where: { key, status: "processing" } });
}

/** Removes records received before `before` (keep at least 7 days: WeCom retries within seconds). */
export async function pruneDedupe(db: Db, before: Date): Promise<number> {
  return (await db.inboundDedupe.deleteMany({ where: { receivedAt: { lt: before } } })).count;
}
