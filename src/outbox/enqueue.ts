/**
 * Putting messages in the outbox: payload fixed now (split by the channel's
 * byte limit into parts, each its own row), release time after quiet hours
 * unless urgent, and a dedupe key so enqueueing twice is a no-op.
 */

import type { Db, Prisma } from "../db/client.js";
import { isUniqueViolation } from "../db/errors.js";
import { APP_MARKDOWN_MAX_BYTES, ROBOT_MARKDOWN_MAX_BYTES, TEXT_MAX_BYTES } from "../wecom/limits.js";
import { splitByBytes } from "../wecom/split.js";
import { type QuietHours, releaseTime, spreadTime } from "./quiet-hours.js";

export type Channel = "app" | "appchat" | "robot";
export type OutboundMessage = {
  channel: Channel;
  /** app: userids; appchat: the chatid; robot: the GroupChat id. */
  target: string;
  msgtype: "text" | "markdown";
  content: string;
  mentioned?: string[];
  dedupeKey: string;
};

export type EnqueueOptions = {
  /** When the message is meant to go (a firing's scheduled time, or now). */
  scheduledFor: Date;
  urgent?: boolean;
  quiet: QuietHours;
  tz: string;
  /** A mass send: spread over a few minutes, avoiding :00 and :30. */
  spread?: boolean;
};

export function limitFor(channel: Channel, msgtype: "text" | "markdown"): number {
  if (channel === "robot" && msgtype === "markdown") return ROBOT_MARKDOWN_MAX_BYTES;
  return msgtype === "markdown" ? APP_MARKDOWN_MAX_BYTES : TEXT_MAX_BYTES;
}

/** Enqueues messages; returns how many rows were new. */
export async function enqueue(db: Db, messages: OutboundMessage[], opts: EnqueueOptions): Promise<number> {
  const base = opts.urgent ? opts.scheduledFor : releaseTime(opts.scheduledFor, opts.quiet, opts.tz);
  let inserted = 0;
  for (const [i, m] of messages.entries()) {
    const notBefore = opts.spread && !opts.urgent ? spreadTime(base, i, messages.length, opts.tz) : base;
    const parts = splitByBytes(m.content, limitFor(m.channel, m.msgtype));
    for (const [j, content] of parts.entries()) {
      const last = j === parts.length - 1;
      const payload = {
        msgtype: m.msgtype,
        content,
        ...(last && m.mentioned?.length ? { mentioned: m.mentioned } : {}),
        scheduledFor: opts.scheduledFor.toISOString(),
        part: parts.length > 1 ? `${j + 1}/${parts.length}` : undefined,
      };
      try {
        await db.outbox.create({
          data: {
            channel: m.channel,
            target: m.target,
            payload: payload as Prisma.InputJsonValue,
            dedupeKey: parts.length > 1 ? `${m.dedupeKey}#${j + 1}` : m.dedupeKey,
            notBefore, // parts keep their order: rows are claimed by notBefore, then id
            urgent: !!opts.urgent,
          },
        });
        inserted++;
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
      }
    }
  }
  return inserted;
}
