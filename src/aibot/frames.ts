/**
 * The intelligent bot's callback frames as the bot's neutral InboundEvents (docs/wecom/cards-and-long-connection.md
 * part A): text, voice (WeCom's speech-to-text) and the text of a mixed message as text; enter_chat as the
 * app's enter event; a card tap (its key and task nested under the event's type, as WeCom sends it);
 * other kinds as unsupported. The dedupe id is WeCom's msgid; userids stay strings.
 */
import { z } from "zod";
import type { InboundEvent } from "../chat/inbound.js";

const From = z.object({ userid: z.string().min(1).max(64) });
const Body = z.object({
  msgid: z.string().min(1).max(128),
  chatid: z.string().max(128).optional(),
  chattype: z.string().optional(),
  from: From,
  create_time: z.number().optional(),
  msgtype: z.string(),
  text: z.object({ content: z.string().max(20_000) }).optional(),
  voice: z.object({ content: z.string().max(20_000) }).optional(),
  image: z.object({ url: z.string().max(2048), aeskey: z.string().max(128).optional() }).optional(),
  mixed: z
    .object({ msg_item: z.array(z.object({ msgtype: z.string(), text: z.object({ content: z.string() }).optional() })).max(50) })
    .optional(),
  event: z
    .object({
      eventtype: z.string(),
      template_card_event: z.object({ event_key: z.string().max(1024), task_id: z.string().max(128) }).optional(),
    })
    .optional(),
});

/** The key of the one button an updated card keeps (its text says what the tap did). */
export const USED_CARD_KEY = "aibot-used:";

/** Whether a frame is a person entering the 1:1 chat (answered only by aibot_respond_welcome_msg) or a card tap. */
export function eventTypeOf(frame: AibotFrame): string | null {
  const b = Body.safeParse(frame.body);
  return b.success && b.data.msgtype === "event" ? (b.data.event?.eventtype ?? null) : null;
}

/** A card tap's task id (the card to update), or null. */
export function cardTaskOf(frame: AibotFrame): string | null {
  const b = Body.safeParse(frame.body);
  return b.success && b.data.event?.eventtype === "template_card_event" ? (b.data.event.template_card_event?.task_id ?? null) : null;
}

export type AibotFrame = { cmd?: string; headers: { req_id: string }; body?: unknown };

/** Where a frame came from: a 1:1 chat, or a group (its chat id); `chat` names the chat either way (a 1:1 chat by the person). */
export type ChatOf = { group: string | null; chat: string };

export function chatOf(frame: AibotFrame): ChatOf {
  const b = Body.safeParse(frame.body);
  const group = b.success && b.data.chattype === "group" ? (b.data.chatid ?? null) : null;
  return { group, chat: group ?? (b.success ? b.data.from.userid : "") };
}

/** The event for a frame, or null for one the bot does not take (feedback, disconnected_event: the connection's own). */
export function toInboundEvent(
  frame: AibotFrame,
  receivedAt: Date,
  /** Keeps an image's URL and key; returns the id the form stores (AibotImages.keep). */
  keepImage?: (msgid: string, url: string, aeskey: string) => string,
): InboundEvent | null {
  const parsed = Body.safeParse(frame.body);
  if (!parsed.success) return null;
  const b = parsed.data;
  const base = {
    id: `aibot:${b.msgid}`,
    from: b.from.userid,
    createTime: b.create_time ?? Math.floor(receivedAt.getTime() / 1000),
    receivedAt,
  };
  // In a group the bot is @mentioned: the mention is not part of the command.
  const clean = (t: string) => t.replace(/^\s*@\S+\s*/u, "").trim();
  switch (b.msgtype) {
    case "text":
      return { ...base, kind: "text", msgId: b.msgid, text: clean(b.text?.content ?? "") };
    case "voice":
      return { ...base, kind: "text", msgId: b.msgid, text: b.voice?.content ?? "" };
    case "mixed":
      return {
        ...base,
        kind: "text",
        msgId: b.msgid,
        text: clean((b.mixed?.msg_item ?? []).flatMap((i) => (i.text ? [i.text.content] : [])).join(" ")),
      };
    case "event": {
      const type = b.event?.eventtype;
      if (type === "enter_chat") return { ...base, kind: "event", event: "enter_agent", eventKey: "" };
      const card = b.event?.template_card_event;
      // The greyed button of a card already used says what was done: tapping it does nothing.
      if (type === "template_card_event" && card?.event_key.startsWith(USED_CARD_KEY)) return null;
      if (type === "template_card_event" && card)
        return {
          ...base,
          kind: "event",
          event: "template_card_event",
          eventKey: card.event_key,
          taskId: card.task_id,
          cardType: "button_interaction",
          // Not WeCom's: the bot's cue that this tap's card is to be updated (over this frame: aibot_respond_update_msg).
          responseCode: `aibot:${frame.headers.req_id}`,
          selected: [],
        };
      return null;
    }
    case "image":
      if (keepImage && b.image?.url && b.image.aeskey)
        return { ...base, kind: "image", msgId: b.msgid, mediaId: keepImage(b.msgid, b.image.url, b.image.aeskey), picUrl: b.image.url };
      return { ...base, kind: "unsupported", msgId: b.msgid, messageType: "file" };
    case "file":
    case "video":
      return { ...base, kind: "unsupported", msgId: b.msgid, messageType: b.msgtype };
    default:
      return null;
  }
}
