/**
 * The bot's side of the report kinds with a form: starting one for a unit and
 * period (or reopening a submitted one to edit), and submitting it — one
 * report per unit and period, every rule held, every revision kept, late
 * submissions marked, audited.
 */
import { reports as t } from "../../templates/reports.js";
import { firstConflict } from "../forms/engine.js";
import { firstUnanswered, steps, visibleAnswers } from "../forms/steps.js";
import type { Answers, FormDef, FormState } from "../forms/types.js";
import type { FormKind, KindContext } from "../kinds/kind.js";
import { factValues, readFacts, recordFacts } from "../reports/facts.js";
import { deadlineOf, parsePeriodKey } from "../reports/periods.js";
import { formTitle, ReportFormContext, type ReportTarget } from "../reports/report-form.js";
import { findReport, lastReport, saveReport } from "../reports/store.js";
import type { BotContext } from "./context.js";
import type { Conversations, FormProvider } from "./conversation.js";

/** What a kind's hooks see of this message. */
export function kindContext(ctx: BotContext): KindContext {
  return { db: ctx.db, now: ctx.now, person: ctx.person, log: ctx.log, ...(ctx.services.notify ? { notify: ctx.services.notify } : {}) };
}

/** How a report form starts: empty, as the all-clear (`无异常`), or from the last report (`同上期`). */
export type StartAs = "blank" | "allClear" | "same";

/**
 * Starts the form, unless the report exists (then says who submitted it and offers 修改). `allClear` and `same`
 * prefill it (the kind's hooks) and show the summary, asking first only what could not be prefilled.
 */
export async function startReport(
  ctx: BotContext,
  convos: Conversations,
  k: FormKind,
  target: ReportTarget,
  as: StartAs = "blank",
): Promise<void> {
  const key = { kind: k.id, unitId: target.unitId, period: target.period.key, subject: target.subject };
  const existing = await findReport(ctx.db, key);
  const title = formTitle(k, target);
  if (existing) {
    ctx.reply(t.alreadySubmitted(title, existing.submittedBy.name, existing.submittedAt, ctx.tz, k.short, target.period));
    ctx.noteCard(t.alreadyNote(existing.submittedBy.name, existing.submittedAt, ctx.tz));
    return;
  }
  ctx.noteCard(as === "allClear" ? t.allClearNote() : as === "same" ? t.sameNote() : t.fillingNote());
  const due = deadlineOf(k.deadline, target.period, ctx.tz);
  const context = {
    unitId: target.unitId,
    unitName: target.unitName,
    period: target.period.key,
    subject: target.subject,
    kindVersion: k.version,
  };
  const { allClear, carry, stillOpen } = k.form;
  // What the school's facts already say is not asked again (a 微型消防站, no school bus …); a school that reported
  // before facts were kept has them in its last report.
  const lastRow = await lastReport(ctx.db, key);
  const known = await readFacts(ctx.db, target.unitId);
  const facts = known.size || !lastRow ? factValues(known) : (k.form.facts?.of(lastRow.data as Answers) ?? {});
  if (as === "blank" || (as === "allClear" && !allClear) || (as === "same" && !carry)) {
    const intro = as === "blank" ? [] : [t.noPrefill(k.name, as === "allClear" ? "无异常" : "同上期")];
    const prefill = k.form.facts?.prefill(facts) ?? {};
    await convos.start(
      ctx,
      k.id,
      context,
      [...intro, t.intro(title, due, ctx.tz, ctx.now)],
      Object.keys(prefill).length ? { prefill } : {},
    );
    return;
  }
  const last = lastRow ? { period: parsePeriodKey(lastRow.period, k.periodType), data: lastRow.data as Answers } : null;
  if (as === "same" && !last) {
    await convos.start(ctx, k.id, context, [t.noLastReport(k.name), t.intro(title, due, ctx.tz, ctx.now)]);
    return;
  }
  const prefill = as === "allClear" ? (allClear?.(last?.data ?? null, facts) ?? {}) : last ? (carry?.(last.data, facts) ?? {}) : {};
  const asking = firstUnanswered(k.form.form(title, context), prefill) !== null;
  const from = last?.period ?? null;
  const intro =
    as === "allClear" || !from
      ? t.allClearIntro(title, from, asking, due, ctx.tz, ctx.now)
      : t.sameIntro(title, from, asking, due, ctx.tz, ctx.now);
  const open = (await stillOpen?.(ctx.db, target.unitId, ctx.today)) ?? [];
  await convos.start(ctx, k.id, context, [intro, ...open], { prefill });
}

/** Reopens a submitted report with its answers, at the summary. */
export async function startEdit(
  ctx: BotContext,
  convos: Conversations,
  k: FormKind,
  target: ReportTarget,
  report: { id: number; revision: number; data: unknown },
): Promise<void> {
  const context = {
    unitId: target.unitId,
    unitName: target.unitName,
    period: target.period.key,
    subject: target.subject,
    reportId: report.id,
    revision: report.revision,
    kindVersion: k.version,
  };
  await convos.start(ctx, k.id, context, [t.editIntro(formTitle(k, target), report.revision)], {
    prefill: report.data as Answers,
  });
}

export function reportProvider(k: FormKind): FormProvider {
  return {
    id: k.id,
    build: (raw) => {
      const context = ReportFormContext.parse(raw);
      const period = parsePeriodKey(context.period, k.periodType);
      const title = period ? t.title(context.unitName, k.name, period) : k.name;
      return k.form.form(title, context);
    },
    outdated: (raw) => {
      const c = ReportFormContext.safeParse(raw);
      if (!c.success || c.data.kindVersion === undefined || c.data.kindVersion === k.version) return null;
      return { context: { ...raw, kindVersion: k.version }, notice: t.kindChanged(k.name, k.version) };
    },
    async submit(ctx: BotContext, state: FormState, def: FormDef) {
      const c = ReportFormContext.parse(state.context);
      const period = parsePeriodKey(c.period, k.periodType);
      if (!period) throw new Error(`bad period in form state: ${c.period}`);
      const due = deadlineOf(k.deadline, period, ctx.tz);
      const late = due !== null && ctx.now.getTime() > due.getTime();
      const edit = c.reportId !== undefined && c.revision !== undefined ? { reportId: c.reportId, revision: c.revision } : undefined;
      // The deadline for a correction holds at 确认, not when 修改 was sent: after it only an admin may save one.
      if (edit && late && !ctx.has("admin")) {
        await ctx.db.conversation.deleteMany({ where: { personId: ctx.person.id } });
        ctx.reply(t.editClosedMeanwhile(def.title, due, ctx.tz));
        return;
      }
      // Only the answers to questions still asked are stored, and only when every rule holds (the engine checked
      // at 确认; this is the last gate before storage): an impossible report is never stored.
      const answers = visibleAnswers(def, state.answers);
      const conflict = firstConflict(def, answers);
      if (conflict) {
        ctx.reply(t.notStored(def.title, conflict.index + 1, conflict.reason));
        return;
      }
      // And the kind's own schema of what it stores (its bounds and rules across answers), whatever reached here.
      const checked = k.form.data?.safeParse(answers);
      if (checked && !checked.success) {
        const issue = checked.error.issues[0];
        const index = steps(def, answers).findIndex((s) => s.cursor.field === String(issue?.path[0] ?? ""));
        ctx.log.warn(
          { issues: checked.error.issues.map((i) => i.path.join(".")) },
          "an answer set that breaks its kind's data schema was not stored",
        );
        ctx.reply(t.notStored(def.title, index + 1 || 1, issue?.code === "custom" ? issue.message : t.outOfRange()));
        return;
      }
      let lines: string[] = [];
      const saved = await saveReport(
        ctx.db,
        {
          kind: k.id,
          unitId: c.unitId,
          period: period.key,
          subject: c.subject,
          data: answers,
          kindVersion: k.version,
          byId: ctx.person.id,
          now: ctx.now,
          late,
          ...(edit ? { edit } : {}),
        },
        async (tx, reportId) => {
          // The facts the report states are the school's from now on (asked once, reused by every later form).
          const stated = k.form.facts?.of(answers);
          if (stated) await recordFacts(tx, c.unitId, stated, t.factSource(k.name, period), ctx.now);
          lines = (await k.form.afterSave?.(tx, kindContext(ctx), reportId, answers, c)) ?? [];
        },
      );
      await ctx.db.conversation.deleteMany({ where: { personId: ctx.person.id } });
      if (!saved.ok) {
        if ("stale" in saved) ctx.reply(t.staleEdit(def.title, k.short));
        else ctx.reply(t.takenMeanwhile(def.title, saved.by, saved.at, ctx.tz, k.short, period));
        return;
      }
      await ctx.audit(
        saved.created ? "report.submit" : "report.revise",
        `${k.id} ${period.key} unit ${c.unitId}${c.subject ? ` ${c.subject}` : ""}`,
        {
          reportId: saved.reportId,
          revision: saved.revision,
          late,
        },
      );
      ctx.reply(saved.created ? t.submitted(def.title, late) : t.revised(def.title, saved.revision, late), ...lines);
      ctx.noteCard(t.submittedNote(ctx.now, ctx.tz, late));
      await k.form.afterCommit?.(kindContext(ctx), saved.reportId);
    },
  };
}
