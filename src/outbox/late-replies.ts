/**
 * Replies that missed the passive-reply budget go through the durable outbox
 * (urgent: quiet hours never hold them), keyed by the event so a redelivery
 * or a crash never sends one twice.
 */

import type { LateReplySender } from "../chat/deliver.js";
import type { Reply } from "../chat/reply.js";
import type { Db } from "../db/client.js";
import { enqueue, fromReply } from "./enqueue.js";
import type { OutboxWorker } from "./worker.js";

export function outboxLateReplies(db: Db, worker: OutboxWorker, tz: string, now: () => Date): LateReplySender {
  return async (to: string, replies: Reply[], event) => {
    await enqueue(
      db,
      replies.map((r, i) => fromReply(r, { channel: "app", target: to, dedupeKey: `reply:${event.id}:${i}` })),
      { scheduledFor: now(), urgent: true, quiet: null, tz },
    );
    worker.kick();
  };
}
