/**
 * What a transport offers the rest of the bot. Inbound, a transport turns its
 * own frames into InboundEvents and runs each through `deliver()`
 * (src/chat/deliver.ts); outbound, it sends a Reply to a destination the
 * outbox resolved. The WeCom app (src/wecom/transport.ts) is one; the
 * intelligent bot's long connection is another. Neither the bot nor the
 * outbox knows which it talks to.
 */
import type { Reply } from "./reply.js";

/** Where one outgoing message goes: people by userid, an app group chat, or a group's robot (its webhook key). */
export type Destination =
  | { channel: "app"; userids: string[] }
  | { channel: "appchat"; chatId: string }
  | { channel: "robot"; key: string; mentioned: string[] };

/** A send that failed. `transient`: worth retrying later (busy, rate-limited, the network); otherwise it never will succeed. */
export class SendFailed extends Error {
  constructor(
    readonly transient: boolean,
    /** Safe to log and store: no token, key or secret. */
    readonly why: string,
    /** Not this process's to send now (another holds the connection, or the chat is at its limit): try again after this long, not counted as an attempt. */
    readonly deferMs?: number,
  ) {
    super(why);
    this.name = "SendFailed";
  }
}

export interface Transport {
  readonly name: string;
  /** Starts receiving (a long connection opens; an HTTP transport's routes are mounted by the app). */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Sends one message; throws SendFailed. */
  send(to: Destination, reply: Reply): Promise<void>;
}
