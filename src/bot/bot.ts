/**
 * The bot's entry point: processEvent(event) with no HTTP in it. A small
 * chain — identify the sender, continue their form if one is open, else route
 * the command — over one context per event.
 */
import { bot } from "../../templates/bot.js";
import { forms } from "../../templates/forms.js";
import { replies, UNSUPPORTED_KIND_NAMES } from "../../templates/replies.js";
import type { InboundEvent } from "../chat/inbound.js";
import { capReplies, cardUpdate, type Reply, text } from "../chat/reply.js";
import { isDatabaseUnavailable } from "../db/errors.js";
import { isFormWord, progressOf } from "../forms/engine.js";
import { normalize } from "../forms/parse/normalize.js";
import type { FieldInput, FormDef, FormState } from "../forms/types.js";
import type { KindRegistry } from "../kinds/registry.js";
import type { Logger } from "../log.js";
import { goLiveCommand, holidayCommand, termCommand } from "./commands/admin-calendar.js";
import { groupCommand } from "./commands/admin-groups.js";
import { digestCommand, reminderCommand, scheduleConfirmProvider } from "./commands/admin-schedules.js";
import { missingCommand, summaryCommand } from "./commands/bureau.js";
import { exportCommand } from "./commands/export.js";
import { hazardCommand, rectifyPhotoProvider } from "./commands/hazards.js";
import { helpCommand } from "./commands/help.js";
import { meCommand } from "./commands/me.js";
import { progressCommand } from "./commands/progress.js";
import { allowed, CommandTable } from "./commands/registry.js";
import { reportCommands } from "./commands/report-commands.js";
import { editCommand, showCommand } from "./commands/show-edit.js";
import { BotContext, type BotServices, type PersonRecord } from "./context.js";
import { ConversationConflict, Conversations } from "./conversation.js";
import { isFormCard } from "./form-cards.js";
import { progressProvider } from "./progress-form.js";
import { reportProvider } from "./report-forms.js";

export type Bot = {
  processEvent(event: InboundEvent, log: Logger): Promise<Reply[]>;
  readonly commands: CommandTable;
};

/** A form left open: where it is, and how to go on (a confirmation just waits for 确认). */
const resumeHint = (def: FormDef, state: FormState) =>
  def.autoSubmit ? bot.resumeConfirm(def.title) : bot.resumeHint(def.title, progressOf(def, state));

/** What brings back a form left within RESTORE_HOURS (取消, 放弃, expired). */
const RESTORE_WORDS = new Set(["恢复", "/restore", "恢复填写", "恢复填报", "找回"]);

/** How long a sender's roster record is reused before it is read again. */
export const IDENTITY_TTL_MS = 60_000;
const IDENTITY_CACHE_MAX = 100_000;

/** The forms and commands of the kinds as they are now (rebuilt when a kind is loaded or changed). */
function build(kinds: KindRegistry) {
  const convos = new Conversations().register(
    ...kinds.withForms().map(reportProvider),
    progressProvider,
    rectifyPhotoProvider,
    scheduleConfirmProvider,
  );
  const table = new CommandTable(kinds.all());
  table.add(
    helpCommand(table),
    ...reportCommands(kinds, convos),
    // The capabilities' own commands: 进度 for a kind with plan targets, 隐患 when a kind keeps the hazard ledger.
    ...kinds
      .all()
      .filter((k) => k.capabilities.planTargets)
      .map((k) => progressCommand(k, convos)),
    ...(kinds.all().some((k) => k.hazardLedger) ? [hazardCommand(convos)] : []),
    meCommand(),
    showCommand(),
    editCommand(convos),
    summaryCommand(),
    missingCommand(),
    groupCommand(),
    termCommand(),
    holidayCommand(),
    goLiveCommand(),
    reminderCommand(convos),
    digestCommand(convos),
    exportCommand(),
  );
  return { convos, table, generation: kinds.generation };
}

/**
 * The words of the bot's own commands (帮助, 我的, /me …), which no kind may take as its name, and as `id:<id>` the
 * ids its commands and forms go by, which no new kind may take as its id.
 */
export function commandWords(kinds: KindRegistry): Set<string> {
  const words = new Set<string>();
  for (const c of build(kinds).table.all) {
    words.add(`id:${c.id}`);
    if (!kinds.byId(c.id)) for (const w of [...c.names, c.alias]) words.add(w.toLowerCase());
  }
  for (const p of [progressProvider, rectifyPhotoProvider, scheduleConfirmProvider]) words.add(`id:${p.id}`);
  return words;
}

export function createBot(services: BotServices): Bot {
  let built = build(services.kinds);
  let { convos, table } = built;
  /** The kinds changed since the commands were built (a kind loaded): build them again. */
  const current = () => {
    if (built.generation !== services.kinds.generation) {
      built = build(services.kinds);
      ({ convos, table } = built);
    }
    return built;
  };

  // Who is speaking, with unit, roles and schools: five queries, so remembered for a minute
  // (a roster change takes effect within identityTtlMs). People not on the roster are not remembered.
  const known = new Map<string, { person: PersonRecord; until: number }>();
  async function identify(event: InboundEvent): Promise<PersonRecord | null> {
    const key = event.from.toLowerCase();
    const now = performance.now();
    const hit = known.get(key);
    if (hit && hit.until > now) return hit.person;
    const person = await services.db.person.findUnique({
      where: { useridKey: key },
      include: { unit: true, roles: true, schools: { include: { unit: true } } },
    });
    if (!person?.active) {
      known.delete(key);
      return null;
    }
    if (known.size >= IDENTITY_CACHE_MAX) known.clear();
    known.set(key, { person, until: now + (services.identityTtlMs ?? IDENTITY_TTL_MS) });
    return person;
  }

  async function runCommand(ctx: BotContext, input: string): Promise<void> {
    const m = table.match(input);
    if (!m && isFormWord(input.trim())) return ctx.reply(bot.noOpenForm(input.trim()));
    if (!m) return ctx.reply(bot.notUnderstood(table.suggest(input, (c) => allowed(ctx, c))));
    if (!allowed(ctx, m.command)) return ctx.reply(m.command.refusal);
    await m.command.run(ctx, m.args);
  }

  async function route(ctx: BotContext): Promise<void> {
    const e = ctx.event;
    if (e.kind === "event" && (e.event === "enter_agent" || e.event === "subscribe")) {
      ctx.reply(replies.welcome(ctx.person.name));
      const open = await convos.load(ctx);
      if (open && !open.expired) {
        const p = convos.provider(open.state.form);
        if (p) ctx.reply(resumeHint(p.build(open.state.context), open.state));
      }
      return;
    }
    const input: FieldInput | null =
      e.kind === "text"
        ? { text: e.text }
        : e.kind === "event"
          ? { text: e.eventKey }
          : e.kind === "image"
            ? { image: { mediaId: e.mediaId } }
            : null;
    const stored = await convos.load(ctx);
    if (stored && !stored.expired && stored.state.lastEvent?.id === e.id) {
      // WeCom redelivered a message whose step is already stored (the first answer was lost in a crash): the same answer again.
      ctx.reply(...stored.state.lastEvent.say);
      return;
    }
    if (ctx.tap && isFormCard(ctx.tap.taskId) && (!stored || stored.expired || stored.state.card !== ctx.tap.taskId)) {
      // A tap on a question's card that is no longer the question asked: never an answer to another question.
      if (stored && !stored.expired) {
        ctx.noteCard(bot.cardStale());
        return convos.reshow(ctx, stored, bot.staleCard());
      }
      if (stored) await convos.clear(ctx);
      ctx.noteCard(bot.cardClosed());
      return ctx.reply(bot.formCardClosed());
    }
    if (input && "text" in input && RESTORE_WORDS.has(normalize(input.text))) {
      const restored = await convos.restore(ctx, stored);
      if (restored) return;
      // Nothing kept: 恢复 is an answer to the open form's question, if one is open.
      if (!stored || stored.expired) return ctx.reply(forms.nothingToRestore());
    }
    if (stored?.expired) {
      await convos.keepAbandoned(ctx, stored.state, "expired");
      await convos.clear(ctx);
      const p = convos.provider(stored.state.form);
      ctx.reply(forms.expired(p ? p.build(stored.state.context).title : bot.someForm(), ctx.services.formIdleMinutes));
    } else if (stored) {
      if (!input) {
        ctx.reply(replies.unsupportedKind(UNSUPPORTED_KIND_NAMES[e.kind === "unsupported" ? e.messageType : ""] ?? bot.thisKind()));
        const p = convos.provider(stored.state.form);
        if (p) ctx.reply(resumeHint(p.build(stored.state.context), stored.state));
        return;
      }
      const r = await convos.continue(ctx, stored, input, (t, free) => table.isCommandInForm(t, free));
      if (r === "not-in-form" || !r.run) return;
      return runCommand(ctx, r.run);
    }
    if (e.kind === "unsupported") return ctx.reply(replies.unsupportedKind(UNSUPPORTED_KIND_NAMES[e.messageType] ?? e.messageType));
    if (!input || "image" in input) return ctx.reply(bot.photoOutsideForm());
    await runCommand(ctx, input.text);
  }

  return {
    get commands() {
      return current().table;
    },
    async processEvent(event, log) {
      // A kind loaded or changed meanwhile (`kind load`) is asked from this message on; if the database cannot be
      // asked, the kinds stay as they are (what the message needs from it fails on its own, and is retried).
      await services.kinds.refresh(services.db, services.clock.now()).catch(() => false);
      current();
      const person = await identify(event);
      if (!person) {
        log.info({ userid: event.from }, "message from someone not on the roster");
        return [text(replies.unknownUser(event.from))];
      }
      for (let attempt = 1; ; attempt++) {
        const ctx = new BotContext(event, person, services, log);
        try {
          await route(ctx);
          // A tapped card is changed to say what the tap did (its buttons greyed), before the rest of the answer.
          const replies = ctx.tap?.responseCode
            ? [cardUpdate(ctx.tap.responseCode, ctx.cardNote ?? bot.cardDone()), ...ctx.replies]
            : ctx.replies;
          return capReplies(replies, bot.replyCut);
        } catch (err) {
          // Whatever this message changed or failed to change, read the person's form afresh next time.
          convos.forget(person.id);
          if (err instanceof ConversationConflict && attempt < 3) continue;
          // The database being away is WeCom's to retry (the receiver answers 503); anything else is ours to apologise for.
          if (isDatabaseUnavailable(err)) throw err;
          log.error({ err }, "bot failed on a message");
          return [text(bot.internalError())];
        }
      }
    },
  };
}
