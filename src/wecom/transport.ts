/**
 * The WeCom app as a transport: callbacks come in through the Koa routes
 * (receiver.ts); messages go out through the API client — app messages with
 * WeCom's duplicate check (a resend after a crash is dropped by WeCom), app
 * group chats, and group robots. Each Reply is rendered for its destination:
 * a card is an app `template_card` with buttons, and its plain-text fallback
 * where cards cannot go (group chats, robots); files and images are uploaded
 * first (an app's media_id does not work for a robot, which uploads its own).
 */
import type { Card, Reply } from "../chat/reply.js";
import { type Destination, SendFailed, type Transport } from "../chat/transport.js";
import { type AppChatMessage, type AppMessage, RETRY_ERRCODES, TOKEN_ERRCODES, type WeComApi, WeComApiError } from "./api.js";
import { APP_IMAGE_MAX_BYTES, FILE_MAX_BYTES, MEDIA_MIN_BYTES, ROBOT_IMAGE_MAX_BYTES } from "./limits.js";
import { imageTypeOf } from "./media.js";

/** WeCom drops an identical app message within this interval (its maximum, 4 h). */
export const DUPLICATE_CHECK_SECONDS = 4 * 60 * 60;

/** Busy or limited, the network, and a token that expired again before the retry: worth trying again. */
const transient = (code: number) => RETRY_ERRCODES.has(code) || TOKEN_ERRCODES.has(code) || code === -2;

/** A card as WeCom's `button_interaction` template card (docs/wecom/cards-and-long-connection.md B). */
export function templateCard(c: Card): Record<string, unknown> {
  return {
    card_type: "button_interaction",
    task_id: c.taskId,
    main_title: { title: c.title, ...(c.description ? { desc: c.description } : {}) },
    ...(c.fields?.length ? { horizontal_content_list: c.fields.map((f) => ({ keyname: f.label, value: f.value })) } : {}),
    button_list: c.buttons.map((b) => ({ type: 0, text: b.text, style: b.primary ? 1 : 2, key: b.key })),
  };
}

type Media = Extract<Reply, { type: "file" | "image" }>;

function checkSize(r: Media, max: number): void {
  if (r.data.length < MEDIA_MIN_BYTES) throw new SendFailed(false, `${r.type} of ${r.data.length} bytes: WeCom takes more than 5`);
  if (r.data.length > max) throw new SendFailed(false, `${r.type} of ${r.data.length} bytes: over WeCom's ${max}`);
}

/** WeCom takes JPEG and PNG images only: anything else never will be sent. */
function imageType(r: Media): string {
  const type = imageTypeOf(r.data);
  if (!type) throw new SendFailed(false, "image is neither JPEG nor PNG");
  return type;
}

export class WeComAppTransport implements Transport {
  readonly name = "wecom-app";
  constructor(readonly api: WeComApi) {}

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  async send(to: Destination, reply: Reply): Promise<void> {
    try {
      if (to.channel === "robot") await this.#robot(to.key, to.mentioned, reply);
      else if (reply.type === "cardUpdate" && to.channel === "app") await this.#updateCard(to.userids, reply);
      else {
        const message = await this.#appMessage(reply, to.channel === "app");
        if (to.channel === "app") await this.api.sendAppMessage(to.userids, message, { duplicateCheckSeconds: DUPLICATE_CHECK_SECONDS });
        else await this.api.sendAppChat(to.chatId, message as AppChatMessage);
      }
    } catch (err) {
      if (err instanceof WeComApiError) throw new SendFailed(transient(err.errcode), `errcode ${err.errcode}: ${err.errmsg}`);
      throw err;
    }
  }

  /**
   * A tapped card changed to say what the tap did. A response code used already or past its 72 h cannot change
   * it (WeCom names no errcode for either: any refusal counts): the person gets the words as a text message.
   */
  async #updateCard(userids: string[], reply: Extract<Reply, { type: "cardUpdate" }>): Promise<void> {
    try {
      await this.api.updateTemplateCard(userids, reply.responseCode, reply.note);
    } catch (err) {
      if (!(err instanceof WeComApiError) || transient(err.errcode)) throw err;
      this.onCardRefused?.(err.errcode);
      await this.api.sendAppMessage(
        userids,
        { msgtype: "text", text: { content: reply.note } },
        { duplicateCheckSeconds: DUPLICATE_CHECK_SECONDS },
      );
    }
  }

  /** Told the errcode each time WeCom refuses a card update (to be logged: the codes are undocumented). */
  onCardRefused?: (errcode: number) => void;

  /** The app message (or app-chat message, which takes no cards) for a reply; media uploaded first. */
  async #appMessage(reply: Reply, cards: boolean): Promise<AppMessage> {
    switch (reply.type) {
      case "text":
        return { msgtype: "text", text: { content: reply.content } };
      case "markdown":
        return { msgtype: "markdown", markdown: { content: reply.content } };
      case "card":
        return cards
          ? { msgtype: "template_card", template_card: templateCard(reply.card) }
          : { msgtype: "text", text: { content: reply.fallback } };
      case "cardUpdate": // only a person's card can change; anywhere else, the words
        return { msgtype: "text", text: { content: reply.note } };
      case "file":
        checkSize(reply, FILE_MAX_BYTES);
        return {
          msgtype: "file",
          file: { media_id: await this.api.uploadMedia("file", reply.name, reply.data, "application/octet-stream") },
        };
      case "image":
        checkSize(reply, APP_IMAGE_MAX_BYTES);
        return {
          msgtype: "image",
          image: { media_id: await this.api.uploadMedia("image", "chart.png", reply.data, imageType(reply)) },
        };
    }
  }

  async #robot(key: string, mentioned: string[], reply: Reply): Promise<void> {
    switch (reply.type) {
      case "text":
        return this.api.robotText(key, reply.content, mentioned);
      case "markdown":
        return this.api.robotMarkdown(key, reply.content);
      case "card": // a robot's cards cannot call back: the words, with the mentions
        return this.api.robotText(key, reply.fallback, mentioned);
      case "cardUpdate":
        return this.api.robotText(key, reply.note, mentioned);
      case "file":
        checkSize(reply, FILE_MAX_BYTES);
        return this.api.robotFile(key, reply.name, reply.data);
      case "image":
        checkSize(reply, ROBOT_IMAGE_MAX_BYTES);
        imageType(reply);
        return this.api.robotImage(key, reply.data);
    }
  }
}
