/**
 * The outbox worker: claims one due row at a time with an atomic
 * compare-and-set that takes a lease (two workers — even two processes on one
 * SQLite file — never send one row twice), sends it through the WeCom client,
 * and marks it sent; retries with backoff, and after OUTBOX_MAX_ATTEMPTS marks
 * it failed. A robot at 20 messages a minute waits its turn. A crash between
 * WeCom accepting a message and the row being marked sent resends it once the
 * lease expires: app messages carry WeCom's duplicate check, so WeCom drops
 * the copy; robot and app-chat messages may repeat once.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { textMessage } from "../chat/plain-text.js";
import { Card, markdown, type Reply, text } from "../chat/reply.js";
import { type Destination, SendFailed, type Transport } from "../chat/transport.js";
import { type Clock, systemClock } from "../clock.js";
import type { Db } from "../db/client.js";
import type { Logger } from "../log.js";
import { ROBOT_PER_MINUTE } from "../wecom/limits.js";

const Payload = z.discriminatedUnion("msgtype", [
  z.object({ msgtype: z.enum(["text", "markdown"]), content: z.string(), mentioned: z.array(z.string()).optional() }),
  z.object({ msgtype: z.literal("card"), card: Card, fallback: z.string() }),
  z.object({ msgtype: z.literal("card_update"), responseCode: z.string().min(1), note: z.string() }),
  z.object({ msgtype: z.enum(["file", "image"]), name: z.string() }),
]);

export type WorkerDeps = {
  db: Db;
  /** What sends: the WeCom app, or the intelligent bot when no app is configured. */
  transport: Transport;
  clock?: Clock;
  logger?: Logger;
  maxAttempts: number;
  leaseMs?: number;
  pollMs?: number;
  owner?: string;
};

type Row = Awaited<ReturnType<Db["outbox"]["findFirst"]>> & object;

export class OutboxWorker {
  readonly owner: string;
  readonly #d: Required<Omit<WorkerDeps, "logger">> & { logger?: Logger };
  #timer: NodeJS.Timeout | null = null;
  #running = false;
  #stopped = true;
  #idle: Promise<void> = Promise.resolve();
  readonly stats = { sent: 0, retried: 0, failed: 0, deferred: 0 };
  /** The same by channel (app, appchat, robot), for /metrics. */
  readonly byChannel = new Map<string, { sent: number; retried: number; failed: number }>();

  #count(channel: string, what: "sent" | "retried" | "failed"): void {
    const c = this.byChannel.get(channel) ?? { sent: 0, retried: 0, failed: 0 };
    c[what]++;
    this.byChannel.set(channel, c);
  }

  constructor(deps: WorkerDeps) {
    this.owner = deps.owner ?? `worker-${randomUUID().slice(0, 8)}`;
    this.#d = { clock: systemClock, leaseMs: 60_000, pollMs: 1_000, owner: this.owner, ...deps };
  }

  /** Claims the next due row, or null. */
  async claim(): Promise<Row | null> {
    const { db, clock, leaseMs } = this.#d;
    for (let tries = 0; tries < 5; tries++) {
      const now = clock.now();
      const due = {
        OR: [
          { status: "pending", notBefore: { lte: now } },
          { status: "sending", leaseUntil: { lt: now } },
        ],
      };
      const candidate = await db.outbox.findFirst({ where: due, orderBy: [{ notBefore: "asc" }, { id: "asc" }] });
      if (!candidate) return null;
      const won = await db.outbox.updateMany({
        where: { id: candidate.id, ...due },
        data: { status: "sending", leaseUntil: new Date(now.getTime() + leaseMs), leaseOwner: this.owner, attempts: { increment: 1 } },
      });
      if (won.count === 1) return db.outbox.findUnique({ where: { id: candidate.id } });
    }
    return null;
  }

  /** Processes one due row; false when none was due. */
  async runOnce(): Promise<boolean> {
    const row = await this.claim();
    if (!row) return false;
    await this.#process(row);
    return true;
  }

  /** Processes due rows until none is left (tests, and `fire now`). */
  async drain(max = 10_000): Promise<number> {
    let n = 0;
    while (n < max && (await this.runOnce())) n++;
    return n;
  }

  async #process(row: Row): Promise<void> {
    const { db, clock, logger } = this.#d;
    const log = logger?.child({ outboxId: row.id, channel: row.channel });
    const now = clock.now();
    if (row.channel === "robot") {
      const windowStart = new Date(now.getTime() - 60_000);
      const recent = await db.outbox.findMany({
        where: { channel: "robot", target: row.target, status: "sent", sentAt: { gt: windowStart } },
        orderBy: { sentAt: "asc" },
        take: ROBOT_PER_MINUTE,
      });
      if (recent.length >= ROBOT_PER_MINUTE) {
        const oldest = recent[0]?.sentAt ?? now;
        await this.#release(row, new Date(oldest.getTime() + 60_000 + 1_000), "", false);
        this.stats.deferred++;
        return;
      }
    }
    try {
      await this.#send(row);
      await db.outbox.updateMany({
        where: { id: row.id, leaseOwner: this.owner },
        data: { status: "sent", sentAt: clock.now(), leaseUntil: null, lastError: "" },
      });
      this.stats.sent++;
      this.#count(row.channel, "sent");
      log?.info({ attempts: row.attempts }, "outbox sent");
    } catch (err) {
      if (err instanceof SendFailed && err.transient && err.deferMs !== undefined) {
        await this.#release(row, new Date(clock.now().getTime() + err.deferMs), err.why, false);
        this.stats.deferred++;
        log?.info({ deferMs: err.deferMs, why: err.why }, "outbox send deferred");
        return;
      }
      const permanent = err instanceof SendFailed ? !err.transient : err instanceof PermanentError;
      const why = err instanceof SendFailed ? err.why : err instanceof Error ? err.message : String(err);
      if (permanent || row.attempts >= this.#d.maxAttempts) {
        await db.outbox.updateMany({
          where: { id: row.id, leaseOwner: this.owner },
          data: { status: "failed", leaseUntil: null, lastError: why.slice(0, 500) },
        });
        this.stats.failed++;
        this.#count(row.channel, "failed");
        log?.error({ attempts: row.attempts, error: why }, "outbox message failed");
        return;
      }
      const backoff = Math.min(2 ** row.attempts * 30_000, 3_600_000) * (0.75 + Math.random() * 0.5);
      await this.#release(row, new Date(clock.now().getTime() + backoff), why, true);
      this.stats.retried++;
      this.#count(row.channel, "retried");
      log?.warn({ attempts: row.attempts, error: why }, "outbox send failed, will retry");
    }
  }

  async #release(row: Row, notBefore: Date, why: string, countsAsAttempt: boolean): Promise<void> {
    await this.#d.db.outbox.updateMany({
      where: { id: row.id, leaseOwner: this.owner },
      data: {
        status: "pending",
        notBefore,
        leaseUntil: null,
        lastError: why.slice(0, 500),
        ...(countsAsAttempt ? {} : { attempts: { decrement: 1 } }),
      },
    });
  }

  async #send(row: Row): Promise<void> {
    const parsed = Payload.safeParse(row.payload);
    if (!parsed.success) throw new PermanentError("unreadable payload");
    const p = parsed.data;
    const mentioned = "mentioned" in p ? (p.mentioned ?? []) : [];
    await this.#d.transport.send(await this.#destination(row, mentioned), await this.#reply(row, p));
  }

  async #reply(row: Row, p: z.infer<typeof Payload>): Promise<Reply> {
    switch (p.msgtype) {
      case "text":
        return text(textMessage(p.content));
      case "markdown":
        return markdown(p.content);
      case "card":
        return { type: "card", card: p.card, fallback: textMessage(p.fallback) };
      case "card_update":
        return { type: "cardUpdate", responseCode: p.responseCode, note: textMessage(p.note) };
      case "file":
      case "image": {
        const a = row.attachmentId === null ? null : await this.#d.db.attachment.findUnique({ where: { id: row.attachmentId } });
        if (!a) throw new PermanentError(`the ${p.msgtype}'s bytes are gone`);
        const data = Buffer.from(a.data);
        return p.msgtype === "file" ? { type: "file", name: p.name, data } : { type: "image", data, alt: p.name };
      }
    }
  }

  /** Where the row goes: its people, its app chat, or its group's robot (the key is read now: never stored in the row). */
  async #destination(row: Row, mentioned: string[]): Promise<Destination> {
    switch (row.channel) {
      case "app":
        return { channel: "app", userids: row.target.split("|").filter(Boolean) };
      case "appchat":
        return { channel: "appchat", chatId: row.target };
      case "robot": {
        const group = await this.#d.db.groupChat.findUnique({ where: { id: Number(row.target) } });
        if (!group?.robotKey) throw new PermanentError("group chat or robot key no longer bound");
        return { channel: "robot", key: group.robotKey, mentioned };
      }
      default:
        throw new PermanentError(`unknown channel ${row.channel}`);
    }
  }

  // ---- the loop ----------------------------------------------------------------

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#schedule(0);
  }

  /** Something was enqueued: look now rather than at the next poll. */
  kick(): void {
    if (!this.#stopped && !this.#running) this.#schedule(0);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#idle;
  }

  #schedule(ms: number): void {
    if (this.#stopped) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#idle = this.#loop();
    }, ms);
    this.#timer.unref?.();
  }

  async #loop(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      while (!this.#stopped && (await this.runOnce())) {}
    } catch (err) {
      this.#d.logger?.error({ err: err instanceof Error ? err.message : String(err) }, "outbox worker error");
    } finally {
      this.#running = false;
      this.#schedule(this.#d.pollMs);
    }
  }
}

export class PermanentError extends Error {}
