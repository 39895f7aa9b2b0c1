/**
 * What the intelligent bot sends, as WeCom's bodies (docs/wecom/cards-and-long-connection.md, part A): an answer's
 * words as one inert Markdown message (≤ 20,480 bytes), a card as a template card, the welcome on entering
 * the chat as plain text (aibot_respond_welcome_msg takes text or a card, not Markdown), and a tapped card
 * updated in place (aibot_respond_update_msg: the whole card again, same task_id, its buttons replaced by
 * one that says what the tap did). The cards it sent are remembered a while, so an update can repeat them.
 */
import { aibotTexts } from "../../templates/aibot.js";
import { mdText } from "../chat/plain-text.js";
import type { Card, Reply } from "../chat/reply.js";
import { templateCard } from "../wecom/transport.js";
import { USED_CARD_KEY } from "./frames.js";

/** aibot_respond_msg's content limit (D101463). */
export const AIBOT_CONTENT_MAX_BYTES = 20_480;

/** Text as Markdown that renders it as written: each line inert on its own, the line breaks kept. */
export function inertLines(text: string): string {
  return text.split(/\r?\n/).map(mdText).join("\n");
}

/** A reply's words as inert Markdown; a card has none (it goes as itself). */
function wordsOf(r: Reply): string[] {
  switch (r.type) {
    case "text":
      return [inertLines(r.content)];
    case "markdown":
      return [r.content];
    case "cardUpdate":
      return [inertLines(r.note)];
    // Media over the long connection needs WeCom's chunked upload, not built: say so rather than drop it.
    case "file":
      return [mdText(aibotTexts.noFile(r.name))];
    case "image":
      return [mdText(aibotTexts.noImage(r.alt))];
    case "card":
      return [];
  }
}

/** The replies' words as one Markdown message, every character of them inert; cards apart; a file or image named in words. */
export function markdownOf(replies: Reply[]): string | null {
  const words = replies.flatMap(wordsOf);
  if (!words.length) return null;
  let joined = words.join("\n\n");
  while (Buffer.byteLength(joined, "utf8") > AIBOT_CONTENT_MAX_BYTES) joined = [...joined].slice(0, -200).join("");
  return joined;
}

/** aibot_send_msg's body for a reply (a card as a template card; anything else as one inert Markdown message). */
export function sendBody(reply: Reply): Record<string, unknown> {
  if (reply.type === "card") return { msgtype: "template_card", template_card: templateCard(reply.card) };
  // A card update needs the tap's own frame: its note goes as words.
  return { msgtype: "markdown", markdown: { content: markdownOf([reply]) ?? "" } };
}

/** The welcome on entering the 1:1 chat: the first card, else the words as plain text (no Markdown there). */
export function welcomeBody(replies: Reply[]): Record<string, unknown> | null {
  const card = replies.find((r) => r.type === "card");
  if (card) return { msgtype: "template_card", template_card: templateCard(card.card) };
  const words = replies.flatMap((r) => (r.type === "text" || r.type === "markdown" ? [r.content] : []));
  return words.length ? { msgtype: "text", text: { content: words.join("\n\n").slice(0, 2000) } } : null;
}

/** A tapped card again (same task_id), its buttons replaced by one that says what the tap did and does nothing. */
export function usedCard(taskId: string, note: string, sent?: Card): Record<string, unknown> {
  const label = [...note].slice(0, 20).join("");
  const card: Card = sent ?? { taskId, title: label || "已处理", buttons: [{ text: label, key: USED_CARD_KEY }] };
  return {
    ...templateCard({ ...card, taskId }),
    button_list: [{ type: 0, text: label || "已处理", style: 2, key: `${USED_CARD_KEY}${taskId}` }],
  };
}

/** The cards this process sent lately, by task id (a tap's update repeats its card); at most `max`, the oldest forgotten. */
export class SentCards {
  readonly #cards = new Map<string, Card>();
  constructor(private readonly max = 5_000) {}

  remember(card: Card): void {
    this.#cards.delete(card.taskId);
    this.#cards.set(card.taskId, card);
    if (this.#cards.size > this.max) {
      const oldest = this.#cards.keys().next().value;
      if (oldest !== undefined) this.#cards.delete(oldest);
    }
  }

  get(taskId: string): Card | undefined {
    return this.#cards.get(taskId);
  }
}
