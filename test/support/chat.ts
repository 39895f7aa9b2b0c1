/**
 * Talking to the bot as a person would: each message goes through the real
 * encrypted callback; the answer is the passive reply plus anything the fake
 * WeCom delivered to that person meanwhile.
 */
import { newMsgId } from "../../src/sim/callback-sender.js";
import type { SentCard } from "../../src/sim/fake-cards.js";
import type { Harness } from "./wecom-harness.js";

export class Chat {
  #seen = 0;
  constructor(
    private readonly h: Harness,
    readonly userid: string,
  ) {}

  async #collect(passive: string | null): Promise<string> {
    // Replies sent through the API arrive after the HTTP answer: wait for the first, then a moment for the rest.
    if (passive === null) {
      for (let waited = 0; waited < 5_000 && this.h.fake.deliveriesTo(this.userid).length <= this.#seen; waited += 25)
        await new Promise((r) => setTimeout(r, 25));
      await new Promise((r) => setTimeout(r, 150));
    }
    const mine = this.h.fake.deliveriesTo(this.userid);
    const fresh = mine.slice(this.#seen).map((d) => d.content);
    this.#seen = mine.length;
    return [passive, ...fresh].filter((x): x is string => !!x).join("\n\n");
  }

  async say(text: string): Promise<string> {
    const r = await this.h.sender.deliver(this.h.sender.textXml(this.userid, text, newMsgId()));
    if (r.status !== 200) throw new Error(`callback answered ${r.status}`);
    return this.#collect(r.passive);
  }

  async photo(data = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4])): Promise<string> {
    const mediaId = this.h.fake.addMedia(data, "image/jpeg");
    const r = await this.h.sender.deliver(this.h.sender.imageXml(this.userid, mediaId, newMsgId()));
    if (r.status !== 200) throw new Error(`callback answered ${r.status}`);
    return this.#collect(r.passive);
  }

  /** The latest card sent to this person (optionally: with a button of this key). */
  lastCard(key?: string): SentCard | undefined {
    return this.h.fake
      .deliveriesTo(this.userid)
      .filter((d) => d.msgtype === "template_card" && d.card && (!key || d.card.buttons.some((b) => b.key === key)))
      .at(-1)?.card;
  }

  /** Taps a button (by its key) on a card sent to this person — the latest with that button, or `taskId`'s. */
  async tap(key: string, taskId?: string): Promise<string> {
    const id = taskId ?? this.lastCard(key)?.taskId;
    if (!id) throw new Error(`no card with a button ${key} for ${this.userid}`);
    const t = this.h.fake.cards.tap(this.userid, id, key);
    const r = await this.h.sender.deliver(this.h.sender.cardEventXml(this.userid, t));
    if (r.status !== 200) throw new Error(`callback answered ${r.status}`);
    return this.#collect(r.passive);
  }

  /** Sends each message in turn; returns the last answer. */
  async script(...messages: string[]): Promise<string> {
    let last = "";
    for (const m of messages) last = await this.say(m);
    return last;
  }
}
