/**
 * Guided forms as conversations: the state lives in the database (one row per
 * person, versioned), so a restart or a second server continues the same
 * form. Starts, continues, expires and ends forms; the form's own provider
 * builds its definition and performs the submission.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { forms, RESTORE_HOURS } from "../../templates/forms.js";
import { type EngineDeps, firstConflict, handleInput, render, startForm } from "../forms/engine.js";
import { steps } from "../forms/steps.js";
import type { Answers, FieldInput, FormDef, FormState, ImageValue } from "../forms/types.js";
import { MediaRefused } from "../wecom/media.js";
import type { BotContext } from "./context.js";
import { formCard, formCardId, isFormCard } from "./form-cards.js";

export type FormProvider = {
  id: string;
  /** A soft form (an optional photo after 整改) ends silently when another command comes. */
  soft?: boolean;
  build(context: FormState["context"]): FormDef;
  /**
   * A form started with an older version of what it asks (a kind loaded since): the context to start again with,
   * and the notice that says so; null when the form is current.
   */
  outdated?(context: FormState["context"]): { context: FormState["context"]; notice: string } | null;
  /** Stores the answers and replies; may throw FormConflict to keep the form open. */
  submit(ctx: BotContext, state: FormState, def: FormDef): Promise<void>;
};

export const StateSchema = z.object({
  v: z.literal(1),
  form: z.string(),
  context: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
  answers: z.record(z.string(), z.unknown()),
  cursor: z.object({ field: z.string(), item: z.number().optional(), sub: z.string().optional() }).nullable(),
  history: z.array(z.object({ field: z.string(), item: z.number().optional(), sub: z.string().optional() })),
  pendingCommand: z.string().optional(),
  startedAt: z.string(),
  lastEvent: z.object({ id: z.string(), say: z.array(z.string()) }).optional(),
  card: z.string().optional(),
  offer: z
    .object({
      cursor: z.object({ field: z.string(), item: z.number().optional(), sub: z.string().optional() }),
      text: z.string().max(2000),
    })
    .optional(),
});

export type Stored = { state: FormState; version: number; expired: boolean };

/** A conversation row as stored: the state as the JSON text the bot wrote. */
type StoredRow = { state: string; version: number; expiresAt: Date };

function parseState(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
const RECENT_TTL_MS = 10_000;
const RECENT_MAX = 100_000;

export class Conversations {
  readonly #providers = new Map<string, FormProvider>();

  register(...providers: FormProvider[]): this {
    for (const p of providers) this.#providers.set(p.id, p);
    return this;
  }

  provider(id: string): FormProvider | undefined {
    return this.#providers.get(id);
  }

  async load(ctx: BotContext): Promise<Stored | null> {
    let row = this.#recall(ctx.person.id);
    if (row === undefined) {
      row = await ctx.db.conversation.findUnique({
        where: { personId: ctx.person.id },
        select: { state: true, version: true, expiresAt: true },
      });
      this.#remember(ctx.person.id, row);
    }
    if (!row) return null;
    const parsed = StateSchema.safeParse(parseState(row.state));
    if (!parsed.success || !this.#providers.has(parsed.data.form)) {
      ctx.log.warn({ personId: ctx.person.id }, "discarding an unreadable conversation state");
      await this.clear(ctx);
      return null;
    }
    return { state: parsed.data as FormState, version: row.version, expired: row.expiresAt.getTime() <= ctx.now.getTime() };
  }

  /**
   * Keeps a form its person left (取消, 放弃 for a command, or idle past its time) so that 恢复 brings it back within
   * RESTORE_HOURS: one per person, the latest. Soft forms (an optional photo after 整改) are not kept.
   */
  async keepAbandoned(ctx: BotContext, state: FormState, reason: "cancelled" | "command" | "expired"): Promise<void> {
    if (this.#providers.get(state.form)?.soft) return;
    const { pendingCommand: _p, lastEvent: _l, card: _c, ...kept } = state;
    const row = {
      state: JSON.stringify(kept),
      reason,
      at: ctx.now,
      until: new Date(ctx.now.getTime() + RESTORE_HOURS * 3_600_000),
    };
    await ctx.db.abandonedForm.upsert({ where: { personId: ctx.person.id }, create: { personId: ctx.person.id, ...row }, update: row });
  }

  /**
   * 恢复: the person's kept form becomes their open form again, at the question it was left at; a form open now is
   * kept in its place (so 恢复 again swaps back). Null when nothing is kept (or it lapsed, or its form is gone).
   */
  async restore(ctx: BotContext, open: Stored | null): Promise<{ title: string; swapped: string | null } | null> {
    const kept = await ctx.db.abandonedForm.findUnique({ where: { personId: ctx.person.id } });
    if (!kept || kept.until.getTime() <= ctx.now.getTime()) return null;
    const parsed = StateSchema.safeParse(parseState(kept.state));
    const provider = parsed.success ? this.#providers.get(parsed.data.form) : undefined;
    if (!parsed.success || !provider) {
      await ctx.db.abandonedForm.deleteMany({ where: { personId: ctx.person.id } });
      return null;
    }
    let state = parsed.data as FormState;
    // Kept from before its kind changed: it comes back with the new questions, keeping the answers that still fit.
    const outdated = provider.outdated?.(state.context);
    const def = provider.build(outdated?.context ?? state.context);
    if (outdated) state = startForm(def, outdated.context, ctx.now, fitted(def, state.answers)).state;
    let swapped: string | null = null;
    if (open && !open.expired) {
      await this.keepAbandoned(ctx, open.state, "command");
      swapped = this.#providers.get(open.state.form)?.build(open.state.context).title ?? null;
    } else await ctx.db.abandonedForm.deleteMany({ where: { personId: ctx.person.id } });
    const lines = [forms.restored(def.title, swapped), ...(outdated ? [outdated.notice] : []), render(def, state)];
    const shown = present(ctx, def, state, lines);
    await this.save(ctx, { ...shown.state, lastEvent: { id: ctx.event.id, say: lines } }, null);
    shown.reply();
    return { title: def.title, swapped };
  }

  async clear(ctx: BotContext): Promise<void> {
    await ctx.db.conversation.deleteMany({ where: { personId: ctx.person.id } });
    this.#remember(ctx.person.id, null);
  }

  /** Saves the state; false when another server changed it meanwhile (the caller retries). */
  async save(ctx: BotContext, state: FormState, version: number | null): Promise<boolean> {
    const expiresAt = new Date(ctx.now.getTime() + ctx.services.formIdleMinutes * 60_000);
    const text = JSON.stringify(state);
    if (version === null) {
      const row = await ctx.db.conversation.upsert({
        where: { personId: ctx.person.id },
        create: { personId: ctx.person.id, state: text, expiresAt },
        update: { state: text, expiresAt, version: { increment: 1 } },
        select: { state: true, version: true, expiresAt: true },
      });
      this.#remember(ctx.person.id, row);
      return true;
    }
    // The hot path of every form step: one typed raw statement (the same SQL on both providers), the
    // compare-and-set on the version that keeps two servers from overwriting each other.
    const count = await ctx.db
      .$executeRaw`UPDATE "Conversation" SET "state" = ${text}, "expiresAt" = ${expiresAt}, "version" = "version" + 1, "updatedAt" = ${ctx.now} WHERE "personId" = ${ctx.person.id} AND "version" = ${version}`;
    if (count === 1) this.#remember(ctx.person.id, { state: text, version: version + 1, expiresAt });
    else this.forget(ctx.person.id);
    return count === 1;
  }

  /**
   * The form states this process read or wrote in the last few seconds (null: none), so that the next
   * message of a form step need not read its state again. Safe with other servers on the same database:
   * every write is a compare-and-set on the version, so a copy another server made stale fails it, and
   * the message is processed again from the database (ConversationConflict → forget). Writes made
   * around this class (a provider's submit deleting the form) are followed by forget().
   */
  readonly #recent = new Map<number, { row: StoredRow | null; until: number }>();

  #recall(personId: number): StoredRow | null | undefined {
    const hit = this.#recent.get(personId);
    return hit && hit.until > performance.now() ? hit.row : undefined;
  }

  #remember(personId: number, row: StoredRow | null): void {
    if (this.#recent.size >= RECENT_MAX) this.#recent.clear();
    this.#recent.set(personId, { row, until: performance.now() + RECENT_TTL_MS });
  }

  /** Drops what this process remembers of a person's form: the next load reads the database. */
  forget(personId: number): void {
    this.#recent.delete(personId);
  }

  /** Starts a form (replacing any other) and asks its first question — or shows the summary when prefilled. */
  async start(
    ctx: BotContext,
    formId: string,
    context: FormState["context"],
    intro: string[],
    opts: { prefill?: Answers; silent?: boolean } = {},
  ): Promise<void> {
    const provider = this.#providers.get(formId);
    if (!provider) throw new Error(`no form ${formId}`);
    const def = provider.build(context);
    const { state, say } = startForm(def, context, ctx.now, opts.prefill);
    const lines = [...intro, ...(opts.silent ? [] : say)];
    const shown = present(ctx, def, state, lines);
    await this.save(ctx, { ...shown.state, lastEvent: { id: ctx.event.id, say: lines } }, null);
    shown.reply();
  }

  /**
   * The kind changed while the form was open: it starts again with the new questions, keeping every answer that
   * still fits one (same key, accepted by the new bounds and rules), and says why before asking what is left.
   */
  async #restart(
    ctx: BotContext,
    provider: FormProvider,
    stored: Stored,
    outdated: { context: FormState["context"]; notice: string },
  ): Promise<void> {
    const def = provider.build(outdated.context);
    const { state, say } = startForm(def, outdated.context, ctx.now, fitted(def, stored.state.answers));
    const lines = [outdated.notice, ...say];
    const shown = present(ctx, def, state, lines);
    if (!(await this.save(ctx, { ...shown.state, lastEvent: { id: ctx.event.id, say: lines } }, stored.version)))
      throw new ConversationConflict();
    shown.reply();
  }

  /** Asks the current question again (after a tap on a card that is no longer current). */
  reshow(ctx: BotContext, stored: Stored, before: string): Promise<void> {
    const provider = this.#providers.get(stored.state.form);
    if (!provider) return Promise.resolve();
    const def = provider.build(stored.state.context);
    const lines = [before, render(def, stored.state)];
    const shown = present(ctx, def, stored.state, lines);
    return this.save(ctx, { ...shown.state, lastEvent: { id: ctx.event.id, say: lines } }, stored.version).then((ok) => {
      if (!ok) throw new ConversationConflict();
      shown.reply();
    });
  }

  /**
   * Feeds one input to the person's form. Returns a command to run when the
   * person chose to abandon the form for it, or "not-in-form".
   */
  async continue(
    ctx: BotContext,
    stored: Stored,
    input: FieldInput,
    isCommand: (text: string, freeText: boolean) => boolean,
  ): Promise<{ run?: string } | "not-in-form"> {
    const provider = this.#providers.get(stored.state.form);
    if (!provider) return "not-in-form";
    const outdated = provider.outdated?.(stored.state.context);
    if (outdated) {
      await this.#restart(ctx, provider, stored, outdated);
      return {};
    }
    const def = provider.build(stored.state.context);
    if (provider.soft && "text" in input && isCommand(input.text, false)) {
      await this.clear(ctx);
      return { run: input.text };
    }
    const deps: EngineDeps = {
      clock: { today: ctx.today },
      storeImage: (mediaId) => storePhoto(ctx, mediaId),
      isCommand: (text) => isCommand(text, currentIsFreeText(def, stored.state)),
    };
    const result = await handleInput(def, stored.state, input, deps);
    switch (result.kind) {
      case "continue": {
        const shown = present(ctx, def, result.state, result.say);
        if (!(await this.save(ctx, { ...shown.state, lastEvent: { id: ctx.event.id, say: result.say } }, stored.version)))
          throw new ConversationConflict();
        shown.reply();
        if (ctx.tap && isFormCard(ctx.tap.taskId))
          ctx.noteCard(
            result.state.cursor !== null && stored.state.cursor === null ? forms.cardNotSubmitted() : forms.cardChosen(ctx.tap.key),
          );
        return {};
      }
      case "cancelled":
        await this.keepAbandoned(ctx, stored.state, "cancelled");
        await this.clear(ctx);
        ctx.reply(...result.say);
        ctx.noteCard(forms.cardCancelled());
        return {};
      case "command":
        await this.keepAbandoned(ctx, stored.state, "command");
        await this.clear(ctx);
        return { run: result.command };
      case "submit":
        // The provider stores the report and ends the form its own way (in its transaction).
        this.forget(ctx.person.id);
        try {
          await provider.submit(ctx, result.state, def);
        } finally {
          this.forget(ctx.person.id);
        }
        return {};
    }
  }
}

/**
 * How a form's answer is shown: when the person tapped (they prefer buttons) and the last line is the current
 * question or the summary with buttons to answer it, that line as a card — its id kept in the state; otherwise
 * text, and no current card.
 */
function present(ctx: BotContext, def: FormDef, state: FormState, lines: string[]): { state: FormState; reply(): void } {
  const { card: _old, ...rest } = state;
  const last = lines.at(-1);
  const c =
    ctx.tap && last !== undefined && last === render(def, state)
      ? formCard(def, state, last, formCardId(ctx.person.id, ctx.now, ctx.event.id))
      : null;
  if (!c) return { state: rest, reply: () => ctx.reply(...lines) };
  return {
    state: { ...rest, card: c.card.taskId },
    reply: () => {
      ctx.reply(...lines.slice(0, -1), c.lead ?? "");
      ctx.replyCard(c.card, last ?? "");
    },
  };
}

/** The answers that still fit a changed form: its questions' keys, each accepted by its bounds and rules. */
function fitted(def: FormDef, answers: Answers): Answers {
  const keys = new Set(def.fields.map((f) => f.key));
  const kept: Answers = Object.fromEntries(Object.entries(answers).filter(([k]) => keys.has(k)));
  for (let i = 0, n = Object.keys(kept).length; i <= n; i++) {
    const c = firstConflict(def, kept);
    if (!c) break;
    delete kept[c.step.cursor.field];
  }
  return kept;
}

/** Another server changed this conversation while we worked: process the message again. */
export class ConversationConflict extends Error {}

function currentIsFreeText(def: FormDef, state: FormState): boolean {
  if (!state.cursor) return false;
  const c = state.cursor;
  const step = steps(def, state.answers).find((s) => s.cursor.field === c.field && s.cursor.item === c.item && s.cursor.sub === c.sub);
  return step?.field.type === "text";
}

async function storePhoto(ctx: BotContext, mediaId: string): Promise<ImageValue | { refused: string } | null> {
  const fetch = ctx.services.fetchMedia;
  if (!fetch) return null;
  try {
    const { data, contentType } = await fetch(mediaId);
    const photo = await ctx.db.photo.create({
      data: {
        mediaId,
        personId: ctx.person.id,
        contentType,
        size: data.length,
        sha256: createHash("sha256").update(data).digest("hex"),
        data: new Uint8Array(data),
      },
    });
    return { mediaId, photoId: photo.id };
  } catch (err) {
    if (err instanceof MediaRefused) {
      ctx.log.warn({ reason: err.reason, detail: err.detail }, "refused a photo");
      return { refused: forms.photoRefusal(err.reason, ctx.services.photoMaxMb ?? 10) };
    }
    ctx.log.warn({ err: err instanceof Error ? err.message : String(err) }, "could not fetch a photo");
    return null;
  }
}
