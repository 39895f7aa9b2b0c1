/**
 * The fake WeCom's template cards (docs/wecom/cards-and-long-connection.md B,
 * docs/wecom/next-features.md 1d): a sent `button_interaction` card is checked as WeCom
 * checks it (task_id ≤ 128 bytes of [0-9A-Za-z_@-] and unique in the app,
 * 1–6 buttons, each key ≤ 1,024 bytes) and gets a response code; a tap makes
 * the `template_card_event` a callback carries, with a response code of its
 * own; message/update_template_card takes each code once, within 72 hours.
 */
import { randomBytes } from "node:crypto";

/** How long WeCom keeps a response code (docs/wecom/next-features.md 1d: raised from 24 h). */
export const RESPONSE_CODE_TTL_MS = 72 * 3600_000;

/** WeCom names no errcode for a used or expired response code; the fake answers this one (invalid parameter). */
export const RESPONSE_CODE_REFUSED: readonly [number, string] = [40058, "invalid response_code: used or expired"];
const BAD_CARD = (why: string): readonly [number, string] => [40058, `invalid template_card: ${why}`];

export type SentCard = {
  taskId: string;
  to: string[];
  title: string;
  description: string;
  fields: { label: string; value: string }[];
  buttons: { text: string; key: string }[];
  at: Date;
  /** What the card shows on its buttons after its latest update (greyed), if it was updated. */
  replacedWith: string | null;
  /** The same per person: an update changes the card for the userids it names only. */
  replacedFor: Map<string, string>;
};

type Code = { taskId: string; userid: string | null; until: number; used: boolean };

const bytes = (s: string) => Buffer.byteLength(s, "utf8");
const str = (v: unknown) => (typeof v === "string" ? v : "");

export class FakeCards {
  readonly sent = new Map<string, SentCard>();
  /** Every accepted update, in order. */
  readonly updates: { taskId: string; userids: string[]; replaceName: string; at: Date }[] = [];
  readonly #codes = new Map<string, Code>();

  constructor(private readonly now: () => number) {}

  /** Checks a card to send; an error answer, or the card as the fake keeps it. */
  check(raw: unknown, to: string[]): SentCard | readonly [number, string] {
    if (!raw || typeof raw !== "object") return BAD_CARD("missing");
    const c = raw as Record<string, unknown>;
    if (c.card_type !== "button_interaction") return BAD_CARD("card_type");
    const taskId = str(c.task_id);
    if (!/^[0-9A-Za-z_@-]+$/.test(taskId) || bytes(taskId) > 128) return BAD_CARD("task_id");
    if (this.sent.has(taskId)) return BAD_CARD("task_id exists");
    const main = (c.main_title ?? {}) as Record<string, unknown>;
    if (!str(main.title)) return [41016, "missing title"];
    const list = Array.isArray(c.button_list) ? (c.button_list as Record<string, unknown>[]) : [];
    if (list.length < 1 || list.length > 6) return BAD_CARD("button_list");
    const buttons: SentCard["buttons"] = [];
    for (const b of list) {
      const key = str(b.key);
      if (!str(b.text) || (Number(b.type ?? 0) === 0 && (!key || bytes(key) > 1024))) return BAD_CARD("button");
      buttons.push({ text: str(b.text), key });
    }
    const rows = Array.isArray(c.horizontal_content_list) ? (c.horizontal_content_list as Record<string, unknown>[]) : [];
    if (rows.length > 6) return BAD_CARD("horizontal_content_list");
    return {
      taskId,
      to,
      title: str(main.title),
      description: str(main.desc),
      fields: rows.map((r) => ({ label: str(r.keyname), value: str(r.value) })),
      buttons,
      at: new Date(this.now()),
      replacedWith: null,
      replacedFor: new Map(),
    };
  }

  /** Keeps a sent card; returns the send's response code. */
  keep(card: SentCard): string {
    this.sent.set(card.taskId, card);
    return this.#issue(card.taskId, null);
  }

  #issue(taskId: string, userid: string | null): string {
    const code = `rc_${randomBytes(12).toString("hex")}`;
    this.#codes.set(code, { taskId, userid, until: this.now() + RESPONSE_CODE_TTL_MS, used: false });
    return code;
  }

  /** A person taps a button: the event's fields, with a fresh response code. Throws when the card or button is not theirs. */
  tap(userid: string, taskId: string, key: string): { taskId: string; eventKey: string; responseCode: string } {
    const card = this.sent.get(taskId);
    if (!card?.to.some((u) => u.toLowerCase() === userid.toLowerCase())) throw new Error(`no card ${taskId} for ${userid}`);
    if (!card.buttons.some((b) => b.key === key)) throw new Error(`card ${taskId} has no button ${key}`);
    // Once updated, WeCom shows the buttons greyed: nothing to tap.
    const greyed = card.replacedFor.get(userid.toLowerCase());
    if (greyed !== undefined) throw new Error(`card ${taskId} was updated for ${userid} (${greyed}): its buttons are greyed`);
    return { taskId, eventKey: key, responseCode: this.#issue(taskId, userid) };
  }

  /** message/update_template_card. */
  update(body: Record<string, unknown>): readonly [number, string] {
    const userids = body.userids;
    if (!Array.isArray(userids) || !userids.length || !userids.every((u) => typeof u === "string"))
      return [40058, "userids must be an array"];
    const replaceName = str((body.button as Record<string, unknown> | undefined)?.replace_name);
    if (!replaceName && !body.template_card) return [40058, "button.replace_name or template_card required"];
    const code = this.#codes.get(str(body.response_code));
    if (!code || code.used || code.until <= this.now()) return RESPONSE_CODE_REFUSED;
    code.used = true;
    const card = this.sent.get(code.taskId);
    if (card) {
      card.replacedWith = replaceName;
      for (const u of userids as string[]) card.replacedFor.set(u.toLowerCase(), replaceName);
    }
    this.updates.push({ taskId: code.taskId, userids: userids as string[], replaceName, at: new Date(this.now()) });
    return [0, "ok"];
  }
}
