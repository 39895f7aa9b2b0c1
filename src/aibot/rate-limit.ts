/**
 * The intelligent bot's sending limits per chat (docs/wecom/cards-and-long-connection.md, part A; D101463): 30
 * messages a minute and 1,000 an hour in one chat, replies and proactive sends together. A send takes a
 * slot: at once when the windows have room, else at the moment the oldest send in a full window leaves
 * it — the caller waits that long (a reply may go up to 24 h late) or gives up and tries later (the
 * outbox). Kept in memory: one process holds the connection (the lease); a process that takes it over
 * starts counting afresh, which WeCom's own count may refuse for up to a minute (a refusal is retried).
 * Memory stays bounded: a chat is forgotten once its hour has passed, and at most CHATS_MAX are counted.
 */

export type Window = { max: number; ms: number };

/** WeCom's limits per chat: 30 a minute, 1,000 an hour. */
export const AIBOT_CHAT_LIMITS: readonly Window[] = [
  { max: 30, ms: 60_000 },
  { max: 1000, ms: 3_600_000 },
];

/** The most chats counted at once; beyond, the longest-idle is forgotten (a busy bureau has a few hundred). */
const CHATS_MAX = 20_000;

export class ChatRateLimit {
  /** Per chat, the times of its sends (past and reserved), oldest first; no more than the largest window's max. */
  readonly #sends = new Map<string, number[]>();
  readonly #longest: number;
  readonly #keep: number;

  constructor(readonly windows: readonly Window[] = AIBOT_CHAT_LIMITS) {
    this.#longest = Math.max(...windows.map((w) => w.ms));
    this.#keep = Math.max(...windows.map((w) => w.max));
  }

  /** When the next send to `chat` may go (ms from `now`; 0 = now), without taking the slot. */
  waitFor(chat: string, now: number): number {
    const times = this.#sends.get(chat);
    if (!times?.length) return 0;
    // In order within a chat: never before the last send already placed (so every counted send is ≤ `at`).
    let at = Math.max(now, times[times.length - 1] as number);
    if (at === (times[times.length - 1] as number) && at > now) at += 1;
    // Moving past one full window may fill another: look again until every window has room at `at`.
    for (let moved = true; moved; ) {
      moved = false;
      for (const w of this.windows) {
        const inWindow = times.filter((t) => t > at - w.ms).length;
        if (inWindow >= w.max) {
          // Wait for the oldest send that keeps the window full to leave it.
          at = (times[times.length - w.max] as number) + w.ms;
          moved = true;
        }
      }
    }
    return at - now;
  }

  /** Takes the next slot in `chat`: how long to wait before sending (0 = now). */
  take(chat: string, now: number): number {
    const wait = this.waitFor(chat, now);
    const times = this.#sends.get(chat) ?? [];
    this.#sends.delete(chat); // re-inserted last: the Map's order is the chats' order of use
    times.push(now + wait);
    while (times.length > this.#keep || (times.length && (times[0] as number) <= now - this.#longest)) times.shift();
    this.#sends.set(chat, times);
    if (this.#sends.size > CHATS_MAX) {
      const oldest = this.#sends.keys().next().value;
      if (oldest !== undefined) this.#sends.delete(oldest);
    }
    return wait;
  }

  /** Chats being counted (for tests of the bound). */
  get chats(): number {
    return this.#sends.size;
  }
}

/**
 * Refusals in a group (someone not on the roster, a command the person may not use there): one short refusal per
 * person and chat an hour, and only while the chat has room at once and fewer than REFUSALS_PER_MINUTE went in
 * the last minute — so no one can spend a chat's budget (30 a minute) and queue a viewer's answer behind theirs.
 * Bounded: the longest-idle people are forgotten past PEOPLE_MAX.
 */
export const REFUSAL_EVERY_MS = 3_600_000;
export const REFUSALS_PER_MINUTE = 5;
const PEOPLE_MAX = 50_000;

export class RefusalGate {
  readonly #last = new Map<string, number>();
  readonly #recent = new Map<string, number[]>();

  /** Whether a refusal to `userid` in `chat` may be sent now (taking its place if so). */
  allow(chat: string, userid: string, now: number, chatHasRoom: boolean): boolean {
    const key = `${chat}\u0000${userid.toLowerCase()}`;
    const last = this.#last.get(key);
    if (last !== undefined && now - last < REFUSAL_EVERY_MS) return false;
    const recent = (this.#recent.get(chat) ?? []).filter((t) => t > now - 60_000);
    if (!chatHasRoom || recent.length >= REFUSALS_PER_MINUTE) {
      this.#recent.set(chat, recent);
      return false;
    }
    recent.push(now);
    this.#recent.set(chat, recent);
    this.#last.delete(key);
    this.#last.set(key, now);
    if (this.#last.size > PEOPLE_MAX) this.#last.delete(this.#last.keys().next().value as string);
    if (this.#recent.size > PEOPLE_MAX) this.#recent.delete(this.#recent.keys().next().value as string);
    return true;
  }
}
