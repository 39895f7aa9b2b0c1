/**
 * What the bot answers: one or more messages, each a value — text, Markdown,
 * a card with buttons, a file, an image. A transport renders each its own way
 * (src/wecom/transport.ts); one that cannot show a kind sends its fallback.
 */
import { z } from "zod";

/** A button on a card: tapping it is an input like typing `key` (docs/DESIGN.md, chat commands). */
export const CardButton = z.object({
  key: z.string().min(1).max(1024),
  text: z.string().min(1).max(40),
  primary: z.boolean().optional(),
});

/** A card: what it is about, a few label/value lines, and up to six buttons. */
export const Card = z.object({
  /** Unique per card (WeCom: [0-9A-Za-z_@-], ≤ 128 bytes): a click names it, and the card's update finds it. */
  taskId: z.string().regex(/^[0-9A-Za-z_@-]{1,128}$/),
  title: z.string().min(1).max(120),
  description: z.string().max(300).optional(),
  fields: z
    .array(z.object({ label: z.string().min(1).max(40), value: z.string().max(200) }))
    .max(6)
    .optional(),
  buttons: z.array(CardButton).min(1).max(6),
});
export type Card = z.infer<typeof Card>;

export type Reply =
  | { type: "text"; content: string }
  | { type: "markdown"; content: string }
  /** `fallback`: the same as plain text, for a destination that shows no cards (a group's robot, a group chat). */
  | { type: "card"; card: Card; fallback: string }
  /**
   * The card a person tapped, changed to show what the tap did (its buttons greyed, `note` on them). Only the
   * tap's `responseCode` can change it (once; WeCom keeps it 72 h); when it cannot, `note` comes as text instead.
   */
  | { type: "cardUpdate"; responseCode: string; note: string }
  | { type: "file"; name: string; data: Buffer }
  | { type: "image"; data: Buffer; alt: string };

export type TextReply = Extract<Reply, { type: "text" | "markdown" }>;

export const text = (content: string): TextReply => ({ type: "text", content });
export const markdown = (content: string): TextReply => ({ type: "markdown", content });
export const card = (c: Card, fallback: string): Reply => ({ type: "card", card: Card.parse(c), fallback });
/** The tapped card's buttons greyed with `note` (≤ 40 characters) on them. */
export const cardUpdate = (responseCode: string, note: string): Reply => ({
  type: "cardUpdate",
  responseCode,
  note: [...note].slice(0, CARD_NOTE_MAX).join(""),
});
export const CARD_NOTE_MAX = 40;
export const file = (name: string, data: Buffer): Reply => ({ type: "file", name, data });
export const image = (data: Buffer, alt: string): Reply => ({ type: "image", data, alt });

export const isText = (r: Reply): r is TextReply => r.type === "text" || r.type === "markdown";

/** The words a reply shows (what a test or a log reads): its text, a card's fallback, a file's name, an image's alt. */
export function wordsOf(r: Reply): string {
  switch (r.type) {
    case "text":
    case "markdown":
      return r.content;
    case "card":
      return r.fallback;
    case "cardUpdate":
      return r.note;
    case "file":
      return r.name;
    case "image":
      return r.alt;
  }
}

/** The most one message may answer in text: about ten WeCom messages' worth, whatever a list grows to. */
export const REPLY_MAX_BYTES = 20_000;

/** Text replies cut to REPLY_MAX_BYTES in all, by whole lines, saying that they were; cards, files and images pass. */
export function capReplies(replies: Reply[], cut: (omitted: number) => string): Reply[] {
  let left = REPLY_MAX_BYTES;
  const out: Reply[] = [];
  for (const [i, r] of replies.entries()) {
    if (!isText(r)) {
      out.push(r);
      continue;
    }
    const size = Buffer.byteLength(r.content, "utf8");
    if (size <= left) {
      out.push(r);
      left -= size;
      continue;
    }
    const lines = r.content.split("\n");
    const kept: string[] = [];
    for (const line of lines) {
      const n = Buffer.byteLength(line, "utf8") + 1;
      if (n > left) break;
      kept.push(line);
      left -= n;
    }
    const later = replies.slice(i + 1).reduce((n, x) => n + (isText(x) ? x.content.split("\n").length : 0), 0);
    out.push({ ...r, content: [...kept, cut(lines.length - kept.length + later)].join("\n") });
    break;
  }
  return out;
}
