/**
 * What reaches the bot from any transport: a neutral, typed event. A
 * transport (the app's callbacks in src/wecom, the intelligent bot's long
 * connection) turns its own frames into these; the bot sees nothing else.
 * Ids (MsgId is 64-bit) stay strings.
 */

export const UNSUPPORTED_MESSAGE_TYPES = ["voice", "video", "location", "link", "file"] as const;
export type UnsupportedType = (typeof UNSUPPORTED_MESSAGE_TYPES)[number];

type Base = {
  /** Dedupe key: "msg:<MsgId>" for messages, "evt:<hash>" for events. */
  id: string;
  /** The sender's WeCom userid. */
  from: string;
  createTime: number;
  receivedAt: Date;
};

export type SelectedItem = { questionKey: string; optionIds: string[] };

export type InboundEvent = Base &
  (
    | { kind: "text"; msgId: string; text: string }
    | { kind: "image"; msgId: string; mediaId: string; picUrl: string }
    | { kind: "unsupported"; msgId: string; messageType: UnsupportedType }
    | { kind: "event"; event: "enter_agent" | "subscribe"; eventKey: string }
    | { kind: "event"; event: "click"; eventKey: string }
    | {
        kind: "event";
        event: "template_card_event";
        eventKey: string;
        taskId: string;
        cardType: string;
        responseCode: string;
        selected: SelectedItem[];
      }
  );
