/**
 * Who has written to the intelligent bot in its 1:1 chat (WeCom lets the bot send on its own only there,
 * D101463). Recorded once per person per process (a memory of whom it has written already: one upsert, not
 * one per message), read when a bot-only installation decides whom a reminder can reach.
 */
import type { Db } from "../db/client.js";

/** How many userids one query asks about (SQLite's parameter limit is far above; a roster of 20,000 is 40 queries). */
const CHUNK = 500;
/** How many people a process remembers having recorded (beyond it, it records again: harmless). */
const REMEMBERED_MAX = 50_000;

export class AibotContacts {
  readonly #recorded = new Set<string>();

  constructor(private readonly db: Db) {}

  /** A person wrote to the bot 1:1. */
  async seen(userid: string, at: Date): Promise<void> {
    const useridKey = userid.toLowerCase();
    if (this.#recorded.has(useridKey)) return;
    await this.db.aibotChat.upsert({ where: { useridKey }, create: { useridKey, userid, lastAt: at }, update: { lastAt: at } });
    if (this.#recorded.size >= REMEMBERED_MAX) this.#recorded.clear();
    this.#recorded.add(useridKey);
  }

  /** Of these people, those the bot may write to (they have written to it). */
  async reachable(userids: string[]): Promise<Set<string>> {
    const keys = [...new Set(userids.map((u) => u.toLowerCase()))];
    const found = new Set<string>();
    for (let i = 0; i < keys.length; i += CHUNK) {
      const rows = await this.db.aibotChat.findMany({
        where: { useridKey: { in: keys.slice(i, i + CHUNK) } },
        select: { useridKey: true },
      });
      for (const r of rows) found.add(r.useridKey);
    }
    return new Set(userids.filter((u) => found.has(u.toLowerCase())));
  }
}
