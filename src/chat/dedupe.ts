/**
 * Durable dedupe of WeCom's redeliveries. The first delivery claims the key
 * (a unique row); a redelivery finds it and is answered without a second
 * reply or write. WeCom redelivers only when it had no answer within 5 s.
 *
 * A message that has been processed is never processed again. A copy of it
 * (WeCom never received the answer, or someone replays a captured request
 * inside the timestamp window) is a duplicate: it is answered with the
 * passive reply recorded with the done mark, if there was one, and nothing
 * is re-run. A copy that reaches the process while it is working on that
 * message is a duplicate too, however late it comes (DeliveryLedger knows its
 * own claims in flight, and answers such copies without a query).
 *
 * Only a record still "processing" past its lease (the passive-reply budget
 * + 0.5 s: by then a live holder has answered) is processed again ("taken
 * over"): its process died before it answered. That is safe: a form step
 * already stored is replayed from the form's state (src/bot/conversation.ts),
 * and late replies are keyed by the event in the outbox. So a crash loses no
 * message and doubles no answer.
 *
 * Under load, claims and "done" marks arriving in the same event-loop turn
 * are written together (DeliveryLedger): one insert for all the turn's
 * claims, one update for all its marks — each message still hears
 * back only after its own row is stored.
 */

import { type Db, Prisma } from "../db/client.js";
import { isUniqueViolation } from "../db/errors.js";

export type ClaimResult = "claimed" | "taken-over" | "duplicate";

/** The dedupe row of a new claim, "processing" until its lease ends. */
function claimRow(c: { key: string; fromUser: string; now: Date; leaseMs: number }) {
  return { key: c.key, fromUser: c.fromUser, status: "processing", leaseUntil: new Date(c.now.getTime() + c.leaseMs), receivedAt: c.now };
}

export async function claimDelivery(db: Db, key: string, fromUser: string, now: Date, leaseMs: number): Promise<ClaimResult> {
  const data = claimRow({ key, fromUser, now, leaseMs });
  try {
    await db.inboundDedupe.create({ data, select: { key: true } });
    return "claimed";
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
  return takeOver(db, key, now, data.leaseUntil);
}

async function takeOver(db: Db, key: string, now: Date, leaseUntil: Date): Promise<ClaimResult> {
  const taken = await db.inboundDedupe.updateMany({
    where: { key, status: "processing", leaseUntil: { lt: now } },
    data: { status: "processing", leaseUntil },
  });
  return taken.count === 1 ? "taken-over" : "duplicate";
}

/**
 * A delivery whose key was just seen recorded: taken over, or a duplicate — unless the record was
 * given back (released) meanwhile, when it is claimed afresh. No insert that is expected to fail.
 */
async function redelivered(db: Db, c: { key: string; fromUser: string; now: Date; leaseMs: number }): Promise<ClaimResult> {
  const result = await takeOver(db, c.key, c.now, new Date(c.now.getTime() + c.leaseMs));
  if (result !== "duplicate") return result;
  const still = await db.inboundDedupe.findUnique({ where: { key: c.key }, select: { key: true } });
  return still ? "duplicate" : claimDelivery(db, c.key, c.fromUser, c.now, c.leaseMs);
}

/** The passive reply a processed message was answered with (null: none, or not processed yet). */
export async function recordedReply(db: Db, key: string): Promise<string | null> {
  const row = await db.inboundDedupe.findUnique({ where: { key }, select: { status: true, reply: true } });
  return row?.status === "done" ? row.reply : null;
}

/** Gives a claim back when processing failed, so WeCom's redelivery is processed. */
export async function releaseDelivery(db: Db, key: string): Promise<void> {
  await db.inboundDedupe.deleteMany({ where: { key, status: "processing" } });
}

type Pending<T> = { resolve(v: T): void; reject(err: unknown): void };
type Claim = Pending<ClaimResult> & { key: string; fromUser: string; now: Date; leaseMs: number };
type Mark = Pending<void> & { key: string; now: Date; reply: string | null };

/** Keys per statement: well under every provider's limit on bound parameters. */
const CHUNK = 500;

/** The longest this process counts a claim of its own as in flight (a hung piece of work is not remembered forever). */
export const OWN_CLAIM_MEMORY_MS = 60_000;

/** Claims and marks of one event-loop turn, written together; and the claims this process has in flight. */
export class DeliveryLedger {
  #claims: Claim[] = [];
  #marks: Mark[] = [];
  /** Keys this process is claiming or working on → until when that is believed (performance.now()). */
  readonly #mine = new Map<string, number>();

  constructor(private readonly db: Db) {}

  claim(key: string, fromUser: string, now: Date, leaseMs: number): Promise<ClaimResult> {
    const t = performance.now();
    if ((this.#mine.get(key) ?? 0) > t) return Promise.resolve("duplicate");
    this.#own(key, t);
    return new Promise<ClaimResult>((resolve, reject) => {
      if (this.#claims.push({ key, fromUser, now, leaseMs, resolve, reject }) === 1) setImmediate(() => void this.#flushClaims());
    }).then(
      (result) => {
        if (result === "duplicate") this.#mine.delete(key); // another process holds it
        return result;
      },
      (err: unknown) => {
        this.#mine.delete(key);
        throw err;
      },
    );
  }

  #own(key: string, t: number): void {
    this.#mine.delete(key);
    this.#mine.set(key, t + OWN_CLAIM_MEMORY_MS);
    // Oldest first: forget what has expired.
    for (const [k, until] of this.#mine) {
      if (until > t) break;
      this.#mine.delete(k);
    }
  }

  /** Marks a message processed, with the passive reply it was answered with (a later copy gets the same). */
  finish(key: string, now: Date, reply: string | null = null): Promise<void> {
    this.#mine.delete(key);
    return new Promise((resolve, reject) => {
      if (this.#marks.push({ key, now, reply, resolve, reject }) === 1) setImmediate(() => void this.#flushMarks());
    });
  }

  /** The reply recorded for a duplicate; none without a query for a copy of a message this process is still working on. */
  recordedReply(key: string): Promise<string | null> {
    if ((this.#mine.get(key) ?? 0) > performance.now()) return Promise.resolve(null);
    return recordedReply(this.db, key);
  }

  /** Gives a claim back (processing failed), so that WeCom's redelivery is processed. */
  release(key: string): Promise<void> {
    this.#mine.delete(key);
    return releaseDelivery(this.db, key);
  }

  async #flushClaims(): Promise<void> {
    const batch = this.#claims.splice(0);
    // The same message twice in one turn (WeCom's concurrent redeliveries): the first claims it.
    const first = new Map<string, Claim>();
    for (const c of batch) {
      if (first.has(c.key)) c.resolve("duplicate");
      else first.set(c.key, c);
    }
    const claims = [...first.values()];
    for (let i = 0; i < claims.length; i += CHUNK) await this.#claimChunk(claims.slice(i, i + CHUNK));
  }

  /**
   * One INSERT … ON CONFLICT DO NOTHING RETURNING for the chunk (the same typed raw SQL on SQLite ≥ 3.35 and
   * PostgreSQL): no read first, no insert that fails; a key not returned was recorded before — a redelivery.
   */
  async #claimChunk(claims: Claim[]): Promise<void> {
    try {
      const rows = Prisma.join(
        claims.map(claimRow).map((r) => Prisma.sql`(${r.key}, ${r.fromUser}, ${r.status}, ${r.leaseUntil}, ${r.receivedAt})`),
      );
      const inserted = await this.db.$queryRaw<
        { key: string }[]
      >`INSERT INTO "InboundDedupe" ("key", "fromUser", "status", "leaseUntil", "receivedAt") VALUES ${rows} ON CONFLICT DO NOTHING RETURNING "key"`;
      const got = new Set(inserted.map((r) => r.key));
      for (const c of claims) if (got.has(c.key)) c.resolve("claimed");
      await Promise.all(claims.filter((c) => !got.has(c.key)).map((c) => redelivered(this.db, c).then(c.resolve, c.reject)));
    } catch (err) {
      for (const c of claims) c.reject(err);
    }
  }

  async #flushMarks(): Promise<void> {
    const batch = this.#marks.splice(0);
    for (let i = 0; i < batch.length; i += CHUNK) {
      const chunk = batch.slice(i, i + CHUNK);
      const now = new Date(Math.max(...chunk.map((m) => m.now.getTime())));
      try {
        await markDone(this.db, chunk, now);
        for (const m of chunk) m.resolve();
      } catch (err) {
        for (const m of chunk) m.reject(err);
      }
    }
  }
}

/** One statement for a chunk's done marks, each with its own recorded reply (standard SQL: both providers). */
async function markDone(db: Db, chunk: { key: string; reply: string | null }[], now: Date): Promise<void> {
  const keys = Prisma.join(chunk.map((m) => m.key));
  const withReply = chunk.filter((m) => m.reply !== null);
  const reply = withReply.length
    ? Prisma.sql`CASE "key" ${Prisma.join(
        withReply.map((m) => Prisma.sql`WHEN ${m.key} THEN ${m.reply}`),
        " ",
      )} ELSE NULL END`
    : Prisma.sql`NULL`;
  await db.$executeRaw`UPDATE "InboundDedupe" SET "status" = 'done', "doneAt" = ${now}, "reply" = ${reply} WHERE "key" IN (${keys})`;
}
