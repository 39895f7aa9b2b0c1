/**
 * Plays WeCom's side of the callback: builds a message or event as WeCom
 * would, encrypts and signs it, POSTs it to the bot, decrypts a passive reply,
 * and redelivers — as WeCom does — when no 200 arrives within its deadline.
 */
import { randomBytes } from "node:crypto";
import { type Clock, systemClock } from "../clock.js";
import { WeComCrypto } from "../wecom/crypto.js";
import { buildXml, parseXml } from "../wecom/xml.js";

export type SenderOptions = {
  /** The bot's callback URL, e.g. http://127.0.0.1:3000/wecom/callback */
  url: string;
  token: string;
  encodingAesKey: string;
  corpId: string;
  agentId: string;
  clock?: Clock;
  /** WeCom waits 5 s for an answer. */
  deadlineMs?: number;
  /** Deliveries in all, the first included (WeCom: 3). */
  attempts?: number;
};

export type DeliveryResult = {
  /** HTTP status of the last attempt (0 when it timed out). */
  status: number;
  attempts: number;
  /** The decrypted passive reply's content, if the bot answered one. */
  passive: string | null;
  passiveType: string | null;
};

let msgIdCounter = BigInt(Date.now()) * 1000n;

/** A fresh 19-digit MsgId (above 2^53, as real ones are). */
export function newMsgId(): string {
  msgIdCounter += 1n;
  return (7_000_000_000_000_000_000n + (msgIdCounter % 1_000_000_000_000_000_000n)).toString();
}

export class CallbackSender {
  readonly #crypto: WeComCrypto;
  readonly #o: Required<SenderOptions>;

  constructor(options: SenderOptions) {
    this.#o = { clock: systemClock, deadlineMs: 5000, attempts: 3, ...options };
    this.#crypto = new WeComCrypto(options.token, options.encodingAesKey, options.corpId);
  }

  #timestamp(): string {
    return String(Math.floor(this.#o.clock.now().getTime() / 1000));
  }

  /** URL verification, as WeCom does when an admin saves the callback URL. */
  async verifyUrl(): Promise<{ status: number; body: string; plain: string }> {
    const plain = String(BigInt(`0x${randomBytes(8).toString("hex")}`));
    const echostr = this.#crypto.encrypt(plain);
    const timestamp = this.#timestamp();
    const nonce = randomBytes(5).toString("hex");
    const sig = this.#crypto.signature(timestamp, nonce, echostr);
    const qs = new URLSearchParams({ msg_signature: sig, timestamp, nonce, echostr });
    const res = await fetch(`${this.#o.url}?${qs}`);
    return { status: res.status, body: await res.text(), plain };
  }

  /** A callback's decrypted XML from `from`: WeCom's envelope (to, from, time … agent) around `fields`. */
  #xml(from: string, fields: Record<string, string | number>): string {
    return buildXml({
      ToUserName: this.#o.corpId,
      FromUserName: from,
      CreateTime: Math.floor(this.#o.clock.now().getTime() / 1000),
      ...fields,
      AgentID: this.#o.agentId,
    });
  }

  /** The decrypted XML of a text message from `from`. */
  textXml(from: string, content: string, msgId = newMsgId()): string {
    return this.#xml(from, {
      MsgType: "text",
      Content: content,
      MsgId: msgId,
    });
  }

  imageXml(from: string, mediaId: string, msgId = newMsgId()): string {
    return this.#xml(from, {
      MsgType: "image",
      PicUrl: "https://wework.qpic.cn/fake",
      MediaId: mediaId,
      MsgId: msgId,
    });
  }

  eventXml(from: string, event: string, eventKey = ""): string {
    return this.#xml(from, {
      MsgType: "event",
      Event: event,
      EventKey: eventKey,
    });
  }

  /** The decrypted XML of a tap on a template card's button (D90240). */
  cardEventXml(from: string, tap: { taskId: string; eventKey: string; responseCode: string }): string {
    return this.#xml(from, {
      MsgType: "event",
      Event: "template_card_event",
      EventKey: tap.eventKey,
      TaskId: tap.taskId,
      CardType: "button_interaction",
      ResponseCode: tap.responseCode,
    });
  }

  /** The encrypted request WeCom would POST for `xml`: query string and body. */
  seal(xml: string): { query: string; body: string } {
    const encrypt = this.#crypto.encrypt(xml);
    const timestamp = this.#timestamp();
    const nonce = randomBytes(5).toString("hex");
    const msgSignature = this.#crypto.signature(timestamp, nonce, encrypt);
    const body = buildXml({ ToUserName: this.#o.corpId, AgentID: this.#o.agentId, Encrypt: encrypt });
    return { query: new URLSearchParams({ msg_signature: msgSignature, timestamp, nonce }).toString(), body };
  }

  /** Delivers `xml` once (no redelivery); returns the raw answer. */
  async post(query: string, body: string, timeoutMs = this.#o.deadlineMs): Promise<{ status: number; text: string }> {
    try {
      const res = await fetch(`${this.#o.url}?${query}`, {
        method: "POST",
        headers: { "content-type": "application/xml" },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      return { status: res.status, text: await res.text() };
    } catch {
      return { status: 0, text: "" };
    }
  }

  /** Delivers `xml` as WeCom does: redelivering when no 200 comes within the deadline. */
  async deliver(xml: string): Promise<DeliveryResult> {
    const { query, body } = this.seal(xml);
    let last = { status: 0, text: "" };
    let attempt = 0;
    while (attempt < this.#o.attempts) {
      attempt++;
      last = await this.post(query, body);
      if (last.status === 200) break;
    }
    const passive = last.status === 200 ? this.openPassive(last.text) : { passive: null, passiveType: null };
    return { status: last.status, attempts: attempt, ...passive };
  }

  /** Decrypts a passive reply (an empty answer means none). */
  openPassive(text: string): { passive: string | null; passiveType: string | null } {
    if (!text.trim()) return { passive: null, passiveType: null };
    const env = parseXml(text);
    const encrypt = String(env.Encrypt ?? "");
    const plain = this.#crypto.open(String(env.MsgSignature ?? ""), String(env.TimeStamp ?? ""), String(env.Nonce ?? ""), encrypt);
    const msg = parseXml(plain);
    return {
      passive: typeof msg.Content === "string" ? msg.Content : null,
      passiveType: typeof msg.MsgType === "string" ? msg.MsgType : null,
    };
  }

  sendText(from: string, content: string, msgId?: string): Promise<DeliveryResult> {
    return this.deliver(this.textXml(from, content, msgId));
  }
}
