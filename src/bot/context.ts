/**
 * One context per event: who is speaking, their unit and roles, the time,
 * and reply(). Handlers read from it and answer through it; nothing in the
 * bot knows HTTP.
 */

import type { InboundEvent } from "../chat/inbound.js";
import { type Card, card, markdown, type Reply, text } from "../chat/reply.js";
import type { Clock } from "../clock.js";
import type { Db, Prisma } from "../db/client.js";
import type { Role } from "../domain/units.js";
import type { KindRegistry } from "../kinds/registry.js";
import type { Logger } from "../log.js";
import { type LocalDate, localDate } from "../time/zoned.js";
import type { HeavyWork } from "../work/heavy-work.js";

export type PersonRecord = Prisma.PersonGetPayload<{ include: { unit: true; roles: true; schools: { include: { unit: true } } } }>;

/** Downloads a user's image from WeCom (media ids expire after 3 days). */
export type MediaFetcher = (mediaId: string) => Promise<{ data: Buffer; contentType: string }>;

export type BotServices = {
  db: Db;
  /** The report kinds (built-in and loaded): commands, forms, 我的 and 汇总 iterate them. */
  kinds: KindRegistry;
  clock: Clock;
  timezone: string;
  formIdleMinutes: number;
  /** How long a sender's roster record is reused before it is read again (default IDENTITY_TTL_MS). */
  identityTtlMs?: number;
  fetchMedia: MediaFetcher | null;
  /** PHOTO_MAX_MB, for the reply that refuses a larger photo. */
  photoMaxMb?: number;
  /** Sends a message now, outside this conversation, to the group bound for a purpose (or the admins); never held by quiet hours. */
  notify?: (purpose: string, text: string) => Promise<void>;
  /** Exports built one at a time process-wide, off the event loop (the dashboard's wait in the same line). */
  heavy?: HeavyWork;
  /** Messages to a person later, outside this conversation (an export once it is built); `key` makes them once-only. */
  sendLater?: (userid: string, replies: Reply[], key: string) => Promise<void>;
  /** The scheduler, when one runs: re-armed after admins change a reminder or digest. */
  scheduler?: { reload(): Promise<void>; fireNow(job: "reminder" | "digest", id: number): Promise<void> };
};

export class BotContext {
  readonly replies: Reply[] = [];
  readonly now: Date;
  readonly today: LocalDate;
  readonly roles: ReadonlySet<Role>;
  /** A tap on a card's button (its key is the input): the card it came from, and the code that can change that card. */
  readonly tap: { taskId: string; responseCode: string; key: string } | null;
  /** What the tapped card is changed to say (its buttons greyed with it); null: the default. */
  cardNote: string | null = null;

  constructor(
    readonly event: InboundEvent,
    readonly person: PersonRecord,
    readonly services: BotServices,
    readonly log: Logger,
  ) {
    this.now = services.clock.now();
    this.today = localDate(this.now, services.timezone);
    this.roles = new Set(person.roles.map((r) => r.role as Role));
    this.tap =
      event.kind === "event" && event.event === "template_card_event"
        ? { taskId: event.taskId, responseCode: event.responseCode, key: event.eventKey }
        : null;
  }

  /** Says what the tap did, on the tapped card (the last word wins: the outcome, not the steps to it). */
  noteCard(note: string): void {
    this.cardNote = note;
  }

  /** A card (to a person: through the outbox, never a passive reply), after the replies so far. */
  replyCard(c: Card, fallback: string): void {
    this.replies.push(card(c, fallback));
  }

  get db(): Db {
    return this.services.db;
  }
  get kinds(): KindRegistry {
    return this.services.kinds;
  }
  get tz(): string {
    return this.services.timezone;
  }

  has(...roles: Role[]): boolean {
    return roles.some((r) => this.roles.has(r));
  }

  reply(...lines: string[]): void {
    const t = lines.filter((l) => l !== "").join("\n");
    if (t) this.replies.push(text(t));
  }

  replyMarkdown(md: string): void {
    this.replies.push(markdown(md));
  }

  async audit(action: string, subject: string, detail?: Prisma.InputJsonValue): Promise<void> {
    await this.db.auditLog.create({
      data: { actor: this.person.userid, action, subject, at: this.now, ...(detail === undefined ? {} : { detail }) },
    });
  }
}
