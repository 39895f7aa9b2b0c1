/**
 * The WeCom app as a transport: callbacks come in through the Koa routes
 * (receiver.ts); messages go out through the API client — app messages with
 * WeCom's duplicate check (a resend after a crash is dropped by WeCom), app
 * group chats, and group robots.
 */
import type { Reply } from "../chat/reply.js";
import { type Destination, SendFailed, type Transport } from "../chat/transport.js";
import { RETRY_ERRCODES, TOKEN_ERRCODES, type WeComApi, WeComApiError } from "./api.js";

/** WeCom drops an identical app message within this interval (its maximum, 4 h). */
export const DUPLICATE_CHECK_SECONDS = 4 * 60 * 60;

/** Busy or limited, the network, and a token that expired again before the retry: worth trying again. */
const transient = (code: number) => RETRY_ERRCODES.has(code) || TOKEN_ERRCODES.has(code) || code === -2;

export class WeComAppTransport implements Transport {
  readonly name = "wecom-app";
  constructor(readonly api: WeComApi) {}

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  async send(to: Destination, reply: Reply): Promise<void> {
    const { api } = this;
    const message =
      reply.type === "text"
        ? { msgtype: "text" as const, text: { content: reply.content } }
        : { msgtype: "markdown" as const, markdown: { content: reply.content } };
    try {
      if (to.channel === "app") await api.sendAppMessage(to.userids, message, { duplicateCheckSeconds: DUPLICATE_CHECK_SECONDS });
      else if (to.channel === "appchat") await api.sendAppChat(to.chatId, message);
      else if (reply.type === "text") await api.robotText(to.key, reply.content, to.mentioned);
      else await api.robotMarkdown(to.key, reply.content);
    } catch (err) {
      if (err instanceof WeComApiError) throw new SendFailed(transient(err.errcode), `errcode ${err.errcode}: ${err.errmsg}`);
      throw err;
    }
  }
}
