/**
 * Retention: records that only serve for a while are pruned once a day —
 * dedupe records (WeCom redelivers within seconds), outbox rows already
 * delivered, the bytes of files and images no row waits to send any more,
 * and form states that expired long ago. Reports, revisions,
 * hazards, photos and the audit log are never pruned.
 */
import type { Db } from "../db/client.js";

export type Retention = { dedupeDays: number; outboxDays: number; formDays: number };

export const DEFAULT_RETENTION: Retention = { dedupeDays: 30, outboxDays: 90, formDays: 7 };

const DAY = 86_400_000;

/** A sent file's bytes are kept a day (an admin may look at what went out), then only its outbox row stays. */
const ATTACHMENT_DAYS = 1;

export async function prune(
  db: Db,
  now: Date,
  r: Retention,
): Promise<{ dedupe: number; outbox: number; forms: number; attachments: number }> {
  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  const dedupe = await db.inboundDedupe.deleteMany({ where: { receivedAt: { lt: ago(r.dedupeDays) } } });
  // Only messages WeCom accepted: failed ones stay for the admins to see.
  const outbox = await db.outbox.deleteMany({ where: { status: "sent", sentAt: { lt: ago(r.outboxDays) } } });
  const forms = await db.conversation.deleteMany({ where: { expiresAt: { lt: ago(r.formDays) } } });
  // Forms left behind are kept for 恢复 until their `until`; then gone.
  await db.abandonedForm.deleteMany({ where: { until: { lt: now } } });
  const attachments = await db.attachment.deleteMany({
    where: { createdAt: { lt: ago(ATTACHMENT_DAYS) }, outbox: { none: { status: { in: ["pending", "sending"] } } } },
  });
  return { dedupe: dedupe.count, outbox: outbox.count, forms: forms.count, attachments: attachments.count };
}
