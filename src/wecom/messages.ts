/**
 * Decrypted callback XML → a neutral, zod-checked InboundEvent. Transport
 * knows WeCom; the bot sees only InboundEvent. Unknown fields are ignored;
 * ids (MsgId is 64-bit) stay strings.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { type InboundEvent, type SelectedItem, UNSUPPORTED_MESSAGE_TYPES } from "../chat/inbound.js";
import { WeComCryptoError } from "./crypto.js";
import { parseXml, type XmlNode, type XmlValue } from "./xml.js";

/** A callback the bot does not handle (other events): logged and acknowledged. */
export type IgnoredCallback = { kind: "ignored"; from: string; messageType: string; event: string };

const str = z.string();
const digits = z.string().regex(/^\d{1,20}$/);

const Common = z.object({
  FromUserName: str.min(1).max(128),
  CreateTime: digits,
  MsgType: str.min(1),
});
const TextXml = Common.extend({ MsgType: z.literal("text"), Content: str.max(20_000), MsgId: digits });
const ImageXml = Common.extend({ MsgType: z.literal("image"), MediaId: str.min(1), PicUrl: str.default(""), MsgId: digits });
const UnsupportedXml = Common.extend({ MsgType: z.enum(UNSUPPORTED_MESSAGE_TYPES), MsgId: digits });
const EventXml = Common.extend({ MsgType: z.literal("event"), Event: str.min(1), EventKey: str.default(""), TaskId: str.default("") });
const CardXml = EventXml.extend({ CardType: str.default(""), ResponseCode: str.default("") });

function asArray(v: XmlValue | undefined): XmlValue[] {
  if (v === undefined || v === "") return [];
  return Array.isArray(v) ? v : [v];
}

function selectedItems(node: XmlNode): SelectedItem[] {
  const items = node.SelectedItems;
  if (!items || typeof items !== "object" || Array.isArray(items)) return [];
  return asArray(items.SelectedItem).flatMap((it) => {
    if (!it || typeof it !== "object" || Array.isArray(it)) return [];
    const ids = it.OptionIds;
    const optionIds =
      ids && typeof ids === "object" && !Array.isArray(ids) ? asArray(ids.OptionId).filter((x): x is string => typeof x === "string") : [];
    return [{ questionKey: typeof it.QuestionKey === "string" ? it.QuestionKey : "", optionIds }];
  });
}

function eventId(parts: string[]): string {
  return `evt:${createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 40)}`;
}

function check<T>(schema: z.ZodType<T>, node: XmlNode): T {
  const r = schema.safeParse(node);
  if (!r.success) {
    const where = r.error.issues.map((i) => i.path.join(".") || "(root)").join(", ");
    throw new WeComCryptoError("ParseXmlError", `unexpected callback fields: ${where}`);
  }
  return r.data;
}

/** Parses a decrypted callback into an InboundEvent, or an IgnoredCallback for events the bot does not handle. */
export function toInboundEvent(xml: string, receivedAt: Date): InboundEvent | IgnoredCallback {
  const node = parseXml(xml);
  const common = check(Common, node);
  const base = { from: common.FromUserName, createTime: Number(common.CreateTime), receivedAt };
  switch (common.MsgType) {
    case "text": {
      const m = check(TextXml, node);
      return { ...base, id: `msg:${m.MsgId}`, kind: "text", msgId: m.MsgId, text: m.Content };
    }
    case "image": {
      const m = check(ImageXml, node);
      return { ...base, id: `msg:${m.MsgId}`, kind: "image", msgId: m.MsgId, mediaId: m.MediaId, picUrl: m.PicUrl };
    }
    case "event": {
      const e = check(EventXml, node);
      const id = eventId([e.FromUserName, e.CreateTime, e.Event, e.EventKey, e.TaskId]);
      if (e.Event === "enter_agent" || e.Event === "subscribe" || e.Event === "click") {
        return { ...base, id, kind: "event", event: e.Event, eventKey: e.EventKey };
      }
      if (e.Event === "template_card_event") {
        const c = check(CardXml, node);
        return {
          ...base,
          // Each tap has its own response code (a redelivery keeps it): two taps within a second stay two.
          id: eventId([e.FromUserName, e.CreateTime, e.Event, e.EventKey, e.TaskId, c.ResponseCode]),
          kind: "event",
          event: "template_card_event",
          eventKey: c.EventKey,
          taskId: c.TaskId,
          cardType: c.CardType,
          responseCode: c.ResponseCode,
          selected: selectedItems(node),
        };
      }
      return { kind: "ignored", from: e.FromUserName, messageType: "event", event: e.Event };
    }
    default: {
      if ((UNSUPPORTED_MESSAGE_TYPES as readonly string[]).includes(common.MsgType)) {
        const m = check(UnsupportedXml, node);
        return { ...base, id: `msg:${m.MsgId}`, kind: "unsupported", msgId: m.MsgId, messageType: m.MsgType };
      }
      return { kind: "ignored", from: common.FromUserName, messageType: common.MsgType, event: "" };
    }
  }
}
