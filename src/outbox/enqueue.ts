/**
 * Putting messages in the outbox: payload fixed now (text split by the
 * channel's byte limit into parts, each its own row; a file's or image's bytes
 * in an Attachment beside it), release time after quiet hours unless urgent,
 * and a dedupe key so enqueueing twice is a no-op.
 */

import type { Card, Reply } from "../chat/reply.js";
import type { Db, Prisma } from "../db/client.js";
import { isUniqueViolation } from "../db/errors.js";
import { APP_MARKDOWN_MAX_BYTES, ROBOT_MARKDOWN_MAX_BYTES, TEXT_MAX_BYTES } from "../wecom/limits.js";
import { imageTypeOf } from "../wecom/media.js";
import { splitByBytes } from "../wecom/split.js";
import { type QuietHours, releaseTime, spreadTime } from "./quiet-hours.js";

export type Channel = "app" | "appchat" | "robot";
type Addressed = {
  channel: Channel;
  /** app: userids; appchat: the chatid; robot: the GroupChat id. */
  target: string;
};
/** A message before it is addressed: what it says and its dedupe key. */
export type MessageBody = { dedupeKey: string } & (
  | { msgtype: "text" | "markdown"; content: string; mentioned?: string[] }
  | { msgtype: "card"; card: Card; fallback: string }
  | { msgtype: "card_update"; responseCode: string; note: string }
  | { msgtype: "file" | "image"; name: string; data: Buffer; mime: string }
);
export type OutboundMessage = Addressed & MessageBody;

/** The outbox message for a reply to `target` on `channel`. */
export function fromReply(r: Reply, to: Addressed & { dedupeKey: string }): OutboundMessage {
  switch (r.type) {
    case "text":
    case "markdown":
      return { ...to, msgtype: r.type, content: r.content };
    case "card":
      return { ...to, msgtype: "card", card: r.card, fallback: r.fallback };
    case "cardUpdate":
      return { ...to, msgtype: "card_update", responseCode: r.responseCode, note: r.note };
    case "file":
      return { ...to, msgtype: "file", name: r.name, data: r.data, mime: "application/octet-stream" };
    case "image":
      return { ...to, msgtype: "image", name: r.alt, data: r.data, mime: imageTypeOf(r.data) ?? "application/octet-stream" };
  }
}

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
    const row = { channel: m.channel, target: m.target, dedupeKey: m.dedupeKey, notBefore, urgent: !!opts.urgent };
    const scheduledFor = opts.scheduledFor.toISOString();
    if (m.msgtype === "card" || m.msgtype === "card_update") {
      const { channel: _c, target: _t, dedupeKey: _k, ...body } = m;
      inserted += await insertOnce(db, { ...row, payload: { ...body, scheduledFor } });
      continue;
    }
    if ("data" in m) {
      // The bytes first; the row that sends them second. A second enqueue of the same key removes its copy.
      const a = await db.attachment.create({
        data: { name: m.name, mime: m.mime, size: m.data.length, data: new Uint8Array(m.data) },
        select: { id: true },
      });
      const payload = { msgtype: m.msgtype, name: m.name, scheduledFor };
      const n = await insertOnce(db, { ...row, payload, attachmentId: a.id });
      if (n === 0) await db.attachment.delete({ where: { id: a.id } });
      inserted += n;
      continue;
    }
    const parts = splitByBytes(m.content, limitFor(m.channel, m.msgtype));
    for (const [j, content] of parts.entries()) {
      const last = j === parts.length - 1;
      const payload = {
        msgtype: m.msgtype,
        content,
        ...(last && m.mentioned?.length ? { mentioned: m.mentioned } : {}),
        scheduledFor,
        part: parts.length > 1 ? `${j + 1}/${parts.length}` : undefined,
      };
      // parts keep their order: rows are claimed by notBefore, then id
      inserted += await insertOnce(db, { ...row, payload, dedupeKey: parts.length > 1 ? `${m.dedupeKey}#${j + 1}` : m.dedupeKey });
    }
  }
  return inserted;
}

/** One outbox row, unless its dedupe key is taken: 1 if inserted, else 0. */
async function insertOnce(
  db: Db,
  data: { channel: string; target: string; dedupeKey: string; notBefore: Date; urgent: boolean; payload: object; attachmentId?: number },
): Promise<number> {
  try {
    await db.outbox.create({ data: { ...data, payload: data.payload as Prisma.InputJsonValue } });
    return 1;
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    return 0;
  }
}
