/**
 * A fake of WeCom's intelligent-bot long connection (docs/wecom/cards-and-long-connection.md, part A), for tests
 * and the simulator: a WebSocket server that takes `aibot_subscribe` (bot id and secret, else 853000),
 * acks `ping`, pushes `aibot_msg_callback` / `aibot_event_callback` frames, acks the bot's replies
 * (recording them) and can fail one with an errcode, kick an older connection out with
 * `disconnected_event` when a newer one subscribes (one live connection per bot, as WeCom does), or drop
 * a socket without a word (a network failure). A callback not yet answered is pushed again to the next
 * connection that subscribes (and one pushed while none is live waits for it): what the bot did not
 * acknowledge is redelivered.
 */
import { createCipheriv, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";

/** WeCom's answer to a subscribe with a wrong bot id or secret (seen live: FACTS). */
export const AUTH_FAILED = 853000;

export type Frame = { cmd?: string; headers: { req_id: string }; body?: Record<string, unknown>; errcode?: number; errmsg?: string };

/** A reply the bot sent, as the fake acked it. */
export type AibotReply = { cmd: string; reqId: string; body: Record<string, unknown>; errcode: number; at: number };

/** Commands that answer a callback (on its req_id) or send on their own. */
const REPLY_CMDS = new Set(["aibot_respond_msg", "aibot_respond_welcome_msg", "aibot_respond_update_msg", "aibot_send_msg"]);

export class FakeAibot {
  readonly #wss: WebSocketServer;
  readonly #authed = new Set<WebSocket>();
  /** Every frame the bot sent, in order (subscribe and pings included). */
  readonly received: Frame[] = [];
  readonly replies: AibotReply[] = [];
  /** Chats whose person has spoken to the bot: only there may it send on its own (aibot_send_msg). */
  readonly #spoken = new Set<string>();
  readonly #failures: { cmd: string; errcode: number }[] = [];
  /** Callbacks with no reply yet, by req_id: redelivered to the next connection that subscribes. */
  readonly #unanswered = new Map<string, Frame>();
  /** Callbacks pushed again to a new connection (for tests and the soak). */
  redelivered = 0;
  /** Times a newer subscribe kicked a live connection out (disconnected_event). */
  kicks = 0;
  #live: WebSocket | null = null;

  constructor(readonly bot: { botId: string; secret: string; aibotId?: string }) {
    this.#wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    this.#wss.on("connection", (ws) => {
      ws.on("message", (data) => this.#onFrame(ws, data.toString("utf8")));
      ws.on("close", () => {
        this.#authed.delete(ws);
        if (this.#live === ws) this.#live = null;
      });
    });
  }

  /** ws://127.0.0.1:<port>, once listening. */
  async url(): Promise<string> {
    if (!this.#wss.address()) await new Promise((r) => this.#wss.once("listening", r));
    return `ws://127.0.0.1:${(this.#wss.address() as AddressInfo).port}`;
  }

  /** Connections that subscribed and are still open (WeCom keeps one). */
  get subscribed(): number {
    return this.#authed.size;
  }

  /** The next reply of `cmd` is answered with `errcode` (e.g. 846609 "not subscribed"). */
  failNext(cmd: string, errcode: number): void {
    this.#failures.push({ cmd, errcode });
  }

  #send(ws: WebSocket, frame: Frame): void {
    ws.send(JSON.stringify(frame));
  }

  #onFrame(ws: WebSocket, text: string) {
    let f: Frame;
    try {
      f = JSON.parse(text) as Frame;
    } catch {
      return;
    }
    if (!f?.headers?.req_id) return;
    this.received.push(f);
    const ack = (errcode = 0, body?: Record<string, unknown>) =>
      this.#send(ws, { headers: { req_id: f.headers.req_id }, errcode, errmsg: errcode ? "error" : "ok", ...(body ? { body } : {}) });
    if (f.cmd === "aibot_subscribe") {
      const b = f.body ?? {};
      if (b.bot_id !== this.bot.botId || b.secret !== this.bot.secret) return ack(AUTH_FAILED);
      // One live connection per bot: a newer subscribe kicks the older one out.
      const old = this.#live;
      this.#live = ws;
      this.#authed.add(ws);
      ack();
      if (old && old !== ws) {
        this.kicks++;
        this.#send(old, this.#event("disconnected_event", ""));
        this.#authed.delete(old);
        setTimeout(() => old.close(), 50);
      }
      // What was never answered goes to the new connection, once it has had its ack.
      const again = [...this.#unanswered.values()];
      if (again.length)
        setTimeout(() => {
          for (const frame of again) {
            if (this.#live !== ws || !this.#unanswered.has(frame.headers.req_id)) continue;
            this.redelivered++;
            this.#send(ws, frame);
          }
        }, 20);
      return;
    }
    if (!this.#authed.has(ws)) return ack(846609);
    if (f.cmd === "ping") return ack();
    if (f.cmd && REPLY_CMDS.has(f.cmd)) {
      const i = this.#failures.findIndex((x) => x.cmd === f.cmd);
      const fail = i >= 0 ? this.#failures.splice(i, 1)[0] : undefined;
      const body = f.body ?? {};
      let errcode = fail?.errcode ?? 0;
      if (!errcode && f.cmd === "aibot_send_msg" && !this.#spoken.has(String(body.chatid ?? ""))) errcode = 846610; // assumed: WeCom names none
      this.replies.push({ cmd: f.cmd, reqId: f.headers.req_id, body, errcode, at: Date.now() });
      if (!errcode) this.#unanswered.delete(f.headers.req_id);
      return ack(errcode);
    }
    ack(40008); // an unknown command
  }

  #event(eventtype: string, from: string, extra: Record<string, unknown> = {}): Frame {
    return {
      cmd: "aibot_event_callback",
      headers: { req_id: randomBytes(8).toString("hex") },
      body: {
        msgid: randomBytes(8).toString("hex"),
        create_time: Math.floor(Date.now() / 1000),
        aibotid: this.bot.aibotId ?? "aibot-fake",
        from: { userid: from },
        msgtype: "event",
        event: { eventtype, ...extra },
      },
    };
  }

  /** Sends a callback on the live connection; with none live, it waits for the next subscribe. */
  #push(frame: Frame): Frame {
    this.#unanswered.set(frame.headers.req_id, frame);
    if (this.#live && this.#authed.has(this.#live)) this.#send(this.#live, frame);
    return frame;
  }

  /** Whether a live connection has subscribed (a push now reaches a bot at once). */
  get live(): boolean {
    return !!this.#live && this.#authed.has(this.#live);
  }

  /** A message callback from a person, 1:1 or in a group, pushed on the live connection. */
  #message(from: string, message: Record<string, unknown>, group?: { chatid: string }): Frame {
    this.#spoken.add(group?.chatid ?? from);
    return this.#push({
      cmd: "aibot_msg_callback",
      headers: { req_id: randomBytes(8).toString("hex") },
      body: {
        msgid: randomBytes(8).toString("hex"),
        aibotid: this.bot.aibotId ?? "aibot-fake",
        ...(group ? { chatid: group.chatid, chattype: "group" } : { chattype: "single" }),
        from: { userid: from },
        ...message,
      },
    });
  }

  /** A person's text to the bot: 1:1 (chat id = their userid) or in a group (`chatid`). Returns the frame (its req_id and msgid). */
  text(from: string, content: string, group?: { chatid: string }): Frame {
    return this.#message(from, { msgtype: "text", text: { content } }, group);
  }

  readonly #files = new Map<string, Buffer>();
  #http: http.Server | null = null;

  /** Where the fake serves the (encrypted) files its image frames point at. */
  async #fileBase(): Promise<string> {
    if (!this.#http) {
      const server = http.createServer((req, res) => {
        const data = this.#files.get(String(req.url ?? ""));
        res.writeHead(data ? 200 : 404, { "content-type": "application/octet-stream" });
        res.end(data ?? "");
      });
      this.#http = server;
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    }
    return `http://127.0.0.1:${(this.#http.address() as AddressInfo).port}`;
  }

  /** The origin the fake serves its images from (http://127.0.0.1:port): the bot must be told to trust it. */
  async fileOrigin(): Promise<string> {
    return this.#fileBase();
  }

  /** A photo sent to the bot (1:1): served encrypted under a URL with its own AES key, as WeCom does. */
  async image(from: string, data: Buffer): Promise<Frame> {
    const key = randomBytes(32);
    const pad = 32 - (data.length % 32);
    const c = createCipheriv("aes-256-cbc", key, key.subarray(0, 16));
    c.setAutoPadding(false);
    const path = `/img/${randomBytes(8).toString("hex")}`;
    this.#files.set(path, Buffer.concat([c.update(Buffer.concat([data, Buffer.alloc(pad, pad)])), c.final()]));
    const url = `${await this.#fileBase()}${path}`;
    return this.#message(from, { msgtype: "image", image: { url, aeskey: key.toString("base64") } });
  }

  /** An image frame pointing wherever `url` says (an attacker's frame: tests of what the bot will fetch). */
  imageAt(from: string, url: string, aeskey = randomBytes(32).toString("base64")): Frame {
    return this.#message(from, { msgtype: "image", image: { url, aeskey } });
  }

  /** The same frame again (WeCom redelivering what it thinks was not handled). */
  again(frame: Frame): void {
    this.#push(frame);
  }

  /** An event from a person: enter_chat, template_card_event (`extra` nested under its type) … */
  event(from: string, eventtype: string, extra: Record<string, unknown> = {}): Frame {
    this.#spoken.add(from);
    return this.#push(this.#event(eventtype, from, Object.keys(extra).length ? { [eventtype]: extra } : {}));
  }

  /** The live socket dies without a close frame (a network failure). */
  drop(): void {
    this.#live?.terminate();
  }

  /** The replies on a callback's req_id, in order. */
  repliesTo(reqId: string): AibotReply[] {
    return this.replies.filter((r) => r.reqId === reqId);
  }

  async close(): Promise<void> {
    this.#http?.close();
    for (const c of this.#wss.clients) c.terminate();
    await new Promise((r) => this.#wss.close(r));
  }
}
