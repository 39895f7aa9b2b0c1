/**
 * Retention: records that only serve for a while are pruned once a day —
 * dedupe records (WeCom redelivers within seconds), outbox rows already
 * delivered, and form states that expired long ago. Reports, revisions,
 * hazards, photos and the audit log are never pruned.
 */
import type { Db } from "../db/client.js";

export type Retention = { dedupeDays: number; outboxDays: number; formDays: number };

export const DEFAULT_RETENTION: Retention = { dedupeDays: 30, outboxDays: 90, formDays: 7 };

const DAY = 86_400_000;

export async function prune(db: Db, now: Date, r: Retention): Promise<{ dedupe: number; outbox: number; forms: number }> {
  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  const dedupe = await db.inboundDedupe.deleteMany({ where: { receivedAt: { lt: ago(r.dedupeDays) } } });
  // Only messages WeCom accepted: failed ones stay for the admins to see.
  const outbox = await db.outbox.deleteMany({ where: { status: "sent", sentAt: { lt: ago(r.outboxDays) } } });
  const forms = await db.conversation.deleteMany({ where: { expiresAt: { lt: ago(r.formDays) } } });
  return { dedupe: dedupe.count, outbox: outbox.count, forms: forms.count };
}
