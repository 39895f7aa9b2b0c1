/**
 * What each person's 1:1 chat and the bureau group showed on the simulator's page, kept by the server so that
 * reloading the page keeps the chats: what was typed, tapped or photographed, the passive replies, and the app
 * messages the fake WeCom delivered (a card updated in place when tapped). Bounded per person and in people.
 */

export type CardView = {
  taskId: string;
  title: string;
  description: string;
  fields: { label: string; value: string }[];
  buttons: { text: string; key: string }[];
};
export type Line = {
  who: "me" | "bot";
  text: string;
  md: boolean;
  card?: CardView;
  note?: string;
  media?: { index: number; name: string; size: number; image: boolean };
};
export type GroupLine = { who: string; text: string; bot: boolean };
/** A delivery as the page sees it (routes.ts `view`). */
export type DeliveryView = {
  index: number;
  channel: string;
  to: string[];
  msgtype: string;
  content: string;
  card?: CardView;
  media?: { name: string; size: number };
};

const LINES_PER_THREAD = 500;
const THREADS = 2_000;

export class Transcripts {
  readonly #threads = new Map<string, Line[]>();
  readonly #group: GroupLine[] = [];

  add(userid: string, line: Line): void {
    let t = this.#threads.get(userid);
    if (!t) {
      if (this.#threads.size >= THREADS) this.#threads.delete(this.#threads.keys().next().value as string);
      t = [];
      this.#threads.set(userid, t);
    }
    t.push(line);
    if (t.length > LINES_PER_THREAD) t.splice(0, t.length - LINES_PER_THREAD);
  }

  addGroup(line: GroupLine): void {
    this.#group.push(line);
    if (this.#group.length > LINES_PER_THREAD) this.#group.splice(0, this.#group.length - LINES_PER_THREAD);
  }

  /** An app message delivered to people: a line in each one's chat, or a tapped card's note. */
  delivered(d: DeliveryView): void {
    if (d.channel !== "app") return;
    for (const u of d.to) {
      if (d.msgtype === "update_template_card") {
        const shown = [...(this.#threads.get(u) ?? [])].reverse().find((m) => m.card?.taskId === d.card?.taskId);
        if (shown) shown.note = d.content;
      } else if (d.msgtype === "template_card" && d.card) this.add(u, { who: "bot", text: d.card.title, md: false, card: d.card });
      else
        this.add(u, {
          who: "bot",
          text: d.content,
          md: d.msgtype === "markdown",
          ...(d.media ? { media: { index: d.index, name: d.media.name, size: d.media.size, image: d.msgtype === "image" } } : {}),
        });
    }
  }

  all(): { threads: Record<string, Line[]>; group: GroupLine[] } {
    return { threads: Object.fromEntries(this.#threads), group: this.#group };
  }
}
