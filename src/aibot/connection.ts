/**
 * The intelligent bot's long connection as an inbound transport: the official SDK (@wecom/aibot-node-sdk,
 * pinned) holds the WebSocket — subscribe, heartbeats, reconnects after network errors — and each callback
 * frame becomes an InboundEvent run through `deliver()` (the same ledger and bot as the app's callback).
 * The answer goes back on the frame's req_id (`aibot_respond_msg`, allowed for 24 h): the texts joined as
 * one Markdown message with every character inert, a card as a template card. `disconnected_event` means a
 * newer connection took over (another instance is live): stop, and do not reconnect.
 */
import { WSClient } from "@wecom/aibot-node-sdk";
import { aibotTexts } from "../../templates/aibot.js";
import type { DeliveryLedger } from "../chat/dedupe.js";
import { type DeliveryDeps, deliver, type EventHandler } from "../chat/deliver.js";
import { mdText } from "../chat/plain-text.js";
import type { Card, Reply } from "../chat/reply.js";
import { SendFailed } from "../chat/transport.js";
import type { Clock } from "../clock.js";
import type { DbLease } from "../db/lease.js";
import { normalize } from "../forms/parse/normalize.js";
import type { Logger } from "../log.js";
import { templateCard } from "../wecom/transport.js";
import { markdownOf, SentCards, usedCard, welcomeBody } from "./answers.js";
import type { AibotContacts } from "./contacts.js";
import { type AibotFrame, cardTaskOf, chatOf, eventTypeOf, toInboundEvent } from "./frames.js";
import type { AibotImages } from "./media.js";
import { ChatRateLimit, RefusalGate } from "./rate-limit.js";

/** WeCom's "aibot websocket not subscribed": transient while the connection reconnects and subscribes. */
export const NOT_SUBSCRIBED = 846609;

/** The longest a reply waits for room in its chat's limits (30 a minute, 1,000 an hour) before it is given up. */
export const REPLY_WAIT_MAX_MS = 10 * 60_000;

export type AibotDeps = {
  botId: string;
  secret: string;
  wsUrl: string;
  ledger: DeliveryLedger;
  clock: Clock;
  handle: EventHandler;
  logger: Logger;
  /** How long the bot may take before the answer counts as late (answered all the same, on the same req_id). */
  budgetMs?: number;
  /** Heartbeat interval (ms); WeCom recommends 30 s. */
  heartbeatMs?: number;
  /**
   * Half-alive sockets (heartbeats acked, no messages): with no message or event for this long, reconnect
   * once — and again only after a frame has arrived. 0: off.
   */
  watchdogMs?: number;
  /** Pause before a reply refused with 846609 ("not subscribed", transient while reconnecting) is sent again. */
  retryMs?: number;
  /** Where images sent to the bot are kept for the form to fetch (their URL and key). */
  images?: AibotImages;
  /** The right to hold the bot's one connection, across processes; absent: hold it regardless. */
  lease?: DbLease;
  /** Told once when another connection took this bot over (disconnected_event). */
  onTakenOver?: () => void;
  /**
   * In a group: whether this person may have this command answered there (the bureau's read-only ones, for
   * viewers and admins), a report command (to be done in the 1:1 chat), or neither.
   */
  inGroup?: (userid: string, text: string) => Promise<"answer" | "report" | "refuse" | "stranger">;
  /** The per-chat sending limits (WeCom's 30 a minute and 1,000 an hour; tests shorten them). */
  limits?: ChatRateLimit;
  /** Where who has written to the bot 1:1 is recorded (only they can be sent to proactively). */
  contacts?: AibotContacts;
};

/** Entering the chat is answered within 5 s or not at all (aibot_respond_welcome_msg). */
export const WELCOME_BUDGET_MS = 4_000;

/** How long a proactive send waits when this process does not hold the connection (another does, or it is reconnecting). */
export const NOT_HOLDING_DEFER_MS = 5_000;

export class AibotConnection {
  #client: WSClient | null = null;
  #stopped = false;
  #timer: NodeJS.Timeout | undefined;
  #watchdog: NodeJS.Timeout | undefined;
  #lastFrameAt = Date.now();
  #watchdogFired = false;
  /** Reconnects the watchdog made (for logs and tests). */
  watchdogReconnects = 0;
  /** Replies held back by a chat's limits, and those given up after REPLY_WAIT_MAX_MS (for logs and tests). */
  readonly limited = { delayed: 0, dropped: 0 };
  readonly #limits: ChatRateLimit;
  readonly #refusals = new RefusalGate();
  /** Group refusals not sent (the person was told within the hour, or the chat had no room to spare): for tests and logs. */
  refusalsWithheld = 0;
  readonly #cards = new SentCards();
  /** The state of the connection, for /readyz and logs; `standby`: another process holds the lease. */
  state: "connecting" | "authenticated" | "disconnected" | "standby" | "taken-over" | "stopped" = "connecting";

  constructor(private readonly d: AibotDeps) {
    this.#limits = d.limits ?? new ChatRateLimit();
  }

  /** Connects — once this process holds the lease, when there is one; then keeps renewing it. */
  start(): void {
    if (!this.d.lease) {
      this.#open();
      return;
    }
    const tick = async () => {
      if (this.#stopped || !this.d.lease) return;
      let held = false;
      try {
        held = await this.d.lease.take();
      } catch (err) {
        this.d.logger.warn({ err: err instanceof Error ? err.message : String(err) }, "aibot lease not renewed");
      }
      if (this.#stopped) return;
      if (held && !this.#client && this.state !== "taken-over") this.#open();
      if (!held && this.#client) {
        // The lease went to another process (this one stalled past its time): let that one hold the bot.
        this.d.logger.warn({}, "aibot lease lost: closing the connection");
        this.#close();
      }
      if (!held) this.state = "standby";
      // The holder renews every third of the lease; a standby looks every tenth, to take over soon after it lapses.
      this.#timer = setTimeout(() => void tick(), Math.max(50, Math.floor(this.d.lease.ttlMs / (held ? 3 : 10))));
    };
    void tick();
  }

  /** A clean stop: the socket closed, the lease given up for another process to take at once. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    clearInterval(this.#watchdog);
    this.#close();
    this.state = "stopped";
    await this.d.lease?.release().catch(() => undefined);
  }

  /** As a killed process: no more renewals, no release (tests: another process takes over when the lease lapses). */
  abandon(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    clearInterval(this.#watchdog);
    this.#close();
  }

  #open(): void {
    const d = this.d;
    const client = new WSClient({
      botId: d.botId,
      secret: d.secret,
      wsUrl: d.wsUrl,
      heartbeatInterval: d.heartbeatMs ?? 30_000,
      maxReconnectAttempts: -1,
      logger: {
        debug: () => {},
        info: (m: string) => d.logger.debug({ sdk: m }, "aibot sdk"),
        warn: (m: string) => d.logger.warn({ sdk: m }, "aibot sdk"),
        error: (m: string) => d.logger.warn({ sdk: m }, "aibot sdk"),
      },
    });
    this.#client = client;
    this.state = "connecting";
    client.on("authenticated", () => {
      this.state = "authenticated";
      d.logger.info({}, "aibot long connection subscribed");
    });
    client.on("disconnected", () => {
      if (this.state === "authenticated" || this.state === "connecting") this.state = "disconnected";
    });
    client.on("error", (err: unknown) =>
      d.logger.warn({ err: err instanceof Error ? err.message : String(err) }, "aibot connection error"),
    );
    client.on("message", (frame: AibotFrame) => void this.#onFrame(frame, client));
    client.on("event", (frame: AibotFrame) => {
      this.#seen();
      const type = (frame.body as { event?: { eventtype?: string } } | undefined)?.event?.eventtype;
      if (type === "disconnected_event") return this.#takenOver();
      void this.#onFrame(frame, client);
    });
    client.connect();
    this.#lastFrameAt = Date.now();
    const w = d.watchdogMs ?? 0;
    if (w > 0 && !this.#watchdog) this.#watchdog = setInterval(() => this.#checkAlive(w), Math.max(50, Math.floor(w / 4)));
  }

  #seen(): void {
    this.#lastFrameAt = Date.now();
    this.#watchdogFired = false;
  }

  /** No message for `w`: the socket may be half-alive. Reconnect once, not again until a frame comes. */
  #checkAlive(w: number): void {
    if (this.#stopped || this.state !== "authenticated" || this.#watchdogFired) return;
    if (Date.now() - this.#lastFrameAt < w) return;
    this.#watchdogFired = true;
    this.watchdogReconnects++;
    this.d.logger.warn({ silentMs: Date.now() - this.#lastFrameAt }, "aibot connection silent: reconnecting once");
    this.#close();
    this.#open();
    this.#watchdogFired = true; // #open reset the clock; one reconnect until a frame arrives
  }

  #close(): void {
    this.#client?.disconnect();
    this.#client = null;
  }

  #takenOver(): void {
    // Another connection holds the bot now: reconnecting would kick it out, and it us, for ever.
    this.state = "taken-over";
    this.d.logger.warn({}, "aibot long connection taken over by a newer connection: not reconnecting");
    this.#close();
    this.d.onTakenOver?.();
  }

  async #onFrame(frame: AibotFrame, client: WSClient): Promise<void> {
    if (this.#stopped) return;
    this.#seen();
    const images = this.d.images;
    const event = toInboundEvent(frame, this.d.clock.now(), images ? (m, u, k) => images.keep(m, u, k) : undefined);
    if (!event) return;
    const log = this.d.logger.child({ eventId: event.id, kind: event.kind, transport: "aibot" });
    const where = chatOf(frame);
    if (where.group === null && this.d.contacts)
      void this.d.contacts
        .seen(event.from, this.d.clock.now())
        .catch((err: unknown) => log.warn({ err: err instanceof Error ? err.message : String(err) }, "aibot contact not recorded"));
    if (where.group !== null) {
      // In a group only the bureau's read-only commands are answered; nothing else reaches the bot.
      const how =
        event.kind === "text" && this.d.inGroup ? await this.d.inGroup(event.from, event.text).catch(() => "refuse" as const) : "refuse";
      if (how !== "answer") {
        // A refusal costs the chat's budget nothing beyond one short line per person an hour, never waiting for room.
        const now = Date.now();
        // A stranger is refused once an hour whatever they send; someone on the roster once an hour per command.
        const who = how === "stranger" ? event.from : `${event.from}\u0000${event.kind === "text" ? normalize(event.text) : ""}`;
        if (!this.#refusals.allow(where.chat, who, now, this.#limits.waitFor(where.chat, now) === 0)) {
          this.refusalsWithheld++;
          return;
        }
        const content = how === "report" ? aibotTexts.reportInGroup() : aibotTexts.groupOnly();
        await this.#send(client, frame, { msgtype: "markdown", markdown: { content: mdText(content) } }, log).catch(() => undefined);
        return;
      }
    }
    const welcome = eventTypeOf(frame) === "enter_chat";
    const deps: DeliveryDeps = {
      ledger: this.d.ledger,
      clock: this.d.clock,
      handle: this.d.handle,
      // Anything but plain words (a card, a tap's update, a welcome), or an answer over budget: sent whole here.
      sendLate: (_to, replies) => this.#respond(client, frame, replies, log),
      passiveReplyBudgetMs: this.d.budgetMs ?? (welcome ? WELCOME_BUDGET_MS : 10_000),
      passive: (replies) => (!welcome && replies.every((r) => r.type === "text" || r.type === "markdown") ? markdownOf(replies) : null),
    };
    try {
      const answer = await deliver(deps, event, log);
      if (answer.passive !== null) await this.#send(client, frame, { msgtype: "markdown", markdown: { content: answer.passive } }, log);
    } catch (err) {
      log.error({ err: err instanceof Error ? err.message : String(err) }, "aibot message not answered");
    }
  }

  /**
   * A message of the bot's own to a chat (aibot_send_msg; a 1:1 chat is the person's userid), allowed once the
   * person has written there. Throws SendFailed: deferred when this process does not hold the connection or the
   * chat is at its limits, transient for 846609 and the network, permanent for any other refusal.
   */
  async sendTo(chat: string, body: Record<string, unknown>, card?: Card): Promise<void> {
    const client = this.#client;
    if (!client || this.state !== "authenticated")
      throw new SendFailed(true, `intelligent bot: this process does not hold the connection (${this.state})`, NOT_HOLDING_DEFER_MS);
    const ahead = this.#limits.waitFor(chat, Date.now());
    if (ahead > 0) throw new SendFailed(true, "intelligent bot: the chat is at WeCom's limits", ahead);
    this.#limits.take(chat, Date.now());
    if (card) this.#cards.remember(card);
    try {
      await client.sendMessage(chat, body as never);
    } catch (err) {
      const errcode = (err as { errcode?: number } | null)?.errcode;
      if (typeof errcode !== "number" || errcode === NOT_SUBSCRIBED)
        throw new SendFailed(true, `intelligent bot: send failed (${errcode ?? "network"})`);
      // The person has not written to the bot in this chat, or WeCom refuses the message: sending again will not help.
      throw new SendFailed(false, `intelligent bot: WeCom refused the message (errcode ${errcode})`);
    }
  }

  /** The whole answer on the frame: the welcome (entering the chat), the tapped card updated, the words, the cards. */
  async #respond(client: WSClient, frame: AibotFrame, replies: Reply[], log: Logger): Promise<void> {
    if (eventTypeOf(frame) === "enter_chat") {
      // Only aibot_respond_welcome_msg answers entering the chat (within 5 s); one message.
      const body = welcomeBody(replies);
      if (body) await this.#send(client, frame, body, log, "welcome");
      return;
    }
    const update = replies.find((r) => r.type === "cardUpdate");
    const taskId = cardTaskOf(frame);
    if (update && taskId) {
      await this.#send(client, frame, usedCard(taskId, update.note, this.#cards.get(taskId)), log, "update");
    }
    const md = markdownOf(replies.filter((r) => r.type !== "card" && !(r === update && taskId)));
    if (md) await this.#send(client, frame, { msgtype: "markdown", markdown: { content: md } }, log);
    for (const r of replies)
      if (r.type === "card") {
        this.#cards.remember(r.card);
        await this.#send(client, frame, { msgtype: "template_card", template_card: templateCard(r.card) }, log);
      }
  }

  /** The answer on the frame's own connection (a frame's req_id means nothing on another). */
  async #send(
    client: WSClient,
    frame: AibotFrame,
    body: Record<string, unknown>,
    log: Logger,
    how: "respond" | "welcome" | "update" = "respond",
  ): Promise<void> {
    // Every message to a chat counts against its limits: past them, the reply waits its turn (or is given up).
    const chat = chatOf(frame).chat;
    const ahead = this.#limits.waitFor(chat, Date.now());
    if (ahead > REPLY_WAIT_MAX_MS) {
      this.limited.dropped++;
      log.warn({ waitMs: ahead }, "aibot reply given up: the chat is past WeCom's limits");
      return;
    }
    const wait = this.#limits.take(chat, Date.now());
    if (wait > 0) {
      this.limited.delayed++;
      log.info({ waitMs: wait }, "aibot reply waits for the chat's limits");
      await new Promise((r) => setTimeout(r, wait));
    }
    for (let attempt = 1; ; attempt++) {
      try {
        if (how === "welcome") await client.replyWelcome(frame as never, body as never);
        else if (how === "update") await client.updateTemplateCard(frame as never, body as never);
        else await client.reply(frame as never, body);
        return;
      } catch (err) {
        const errcode = (err as { errcode?: number } | null)?.errcode;
        // 846609: the connection is between reconnect and subscribe — transient.
        if (errcode === NOT_SUBSCRIBED && attempt < 4) {
          await new Promise((r) => setTimeout(r, (this.d.retryMs ?? 1000) * attempt));
          continue;
        }
        log.warn({ errcode, attempt, err: err instanceof Error ? err.message : undefined }, "aibot reply refused");
        throw err;
      }
    }
  }
}
