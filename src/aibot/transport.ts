/**
 * The intelligent bot as the outbox's transport, for an installation with no WeCom app: a message to
 * people goes to each person's 1:1 chat with the bot (aibot_send_msg — allowed once they have written to
 * it there), as inert Markdown or a template card; a group's robot is sent to through its webhook as
 * always (it needs no app); an app chat cannot be reached without the app. With an app configured, the
 * app sends everything and this transport is not used.
 */
import type { Reply } from "../chat/reply.js";
import { type Destination, SendFailed, type Transport } from "../chat/transport.js";
import { sendBody } from "./answers.js";
import { type AibotConnection, NOT_HOLDING_DEFER_MS } from "./connection.js";

export class AibotTransport implements Transport {
  readonly name = "aibot";
  #connection: AibotConnection | null = null;

  /** `robots`: what sends to a group's robot webhook (the WeCom API client's robot calls need no app). */
  constructor(private readonly robots: Transport | null) {}

  /** The connection this process may hold (built with the bot, after the transport). */
  attach(connection: AibotConnection): void {
    this.#connection = connection;
  }

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  async send(to: Destination, reply: Reply): Promise<void> {
    if (to.channel === "robot") {
      if (!this.robots) throw new SendFailed(false, "no sender for group robots");
      return this.robots.send(to, reply);
    }
    if (to.channel === "appchat") throw new SendFailed(false, "an app chat needs the WeCom app, which is not configured");
    const c = this.#connection;
    if (!c) throw new SendFailed(true, "intelligent bot: no connection yet", NOT_HOLDING_DEFER_MS);
    const body = sendBody(reply);
    const refused: SendFailed[] = [];
    for (const userid of to.userids) {
      try {
        await c.sendTo(userid, body, reply.type === "card" ? reply.card : undefined);
      } catch (err) {
        // One person who never wrote to the bot does not stop the others; anything else is retried whole.
        if (err instanceof SendFailed && !err.transient && to.userids.length > 1) refused.push(err);
        else throw err;
      }
    }
    if (refused.length === to.userids.length) throw refused[0] as SendFailed;
  }
}
