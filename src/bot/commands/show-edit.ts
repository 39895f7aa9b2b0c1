/**
 * 查看 <报表> [期间] [单位] and 修改 <报表> [期间] [单位]. Principals and
 * reporters: their own unit; inspectors: their own 督导 reports; viewers and
 * admins may name any unit; after the deadline only admins may edit.
 */
import { commandTexts } from "../../../templates/commands.js";
import { views as v } from "../../../templates/views.js";
import { summaryLines } from "../../forms/engine.js";
import type { Answers } from "../../forms/types.js";
import { type FormKind, hasForm } from "../../kinds/kind.js";
import { deadlineOf, type Period, parsePeriodWord } from "../../reports/periods.js";
import { formTitle } from "../../reports/report-form.js";
import { findReport } from "../../reports/store.js";
import type { BotContext } from "../context.js";
import type { Conversations } from "../conversation.js";
import { startEdit } from "../report-forms.js";
import { periodArg } from "./args.js";
import type { Command } from "./registry.js";
import { pickSchool } from "./report-commands.js";

type Resolved = { kind: FormKind; period: Period; unit: { id: number; name: string }; subject: string };

async function resolve(ctx: BotContext, args: string[], cmd: string): Promise<Resolved | null> {
  const kind = args[0] ? ctx.kinds.byWord(args[0]) : null;
  if (!kind || !hasForm(kind)) {
    // 进度 keeps entries per target: there is no one report to show or reopen.
    ctx.reply(
      kind
        ? v.progressNotEditable()
        : v.usage(
            cmd,
            ctx.kinds.withForms().map((k) => k.short),
          ),
    );
    return null;
  }
  const rest = args.slice(1);
  const periodWord = rest.find((a) => parsePeriodWord(a, kind.periodType, ctx.today) !== null);
  const unitWord = rest.find((a) => a !== periodWord);
  const period = periodArg(ctx, kind, periodWord ?? (rest.length && !unitWord ? rest[0] : undefined));
  if (!period) return null;
  if (kind.chases === "subject" && !ctx.has("viewer", "admin")) {
    const school = unitWord ? pickSchool(ctx, unitWord) : ctx.person.schools.length === 1 ? ctx.person.schools[0] : null;
    if (!school) {
      ctx.reply(unitWord ? v.notYourSchool(unitWord) : v.usage(`${cmd} ${kind.short} 学校序号`, [kind.short]));
      return null;
    }
    return { kind, period, unit: { id: school.unitId, name: school.unit.name }, subject: ctx.person.useridKey };
  }
  let unit = { id: ctx.person.unit.id, name: ctx.person.unit.name };
  if (unitWord) {
    if (!ctx.has("viewer", "admin")) {
      ctx.reply(v.notYourUnit());
      return null;
    }
    const found = await ctx.db.unit.findFirst({
      where: { OR: [{ code: unitWord }, { code: unitWord.toUpperCase() }, { name: unitWord }] },
    });
    if (!found) {
      ctx.reply(v.unitUnknown(unitWord));
      return null;
    }
    unit = { id: found.id, name: found.name };
  }
  // 督导 seen by a viewer or admin: the one inspector's report for that school and month.
  let subject = "";
  if (kind.chases === "subject") {
    const any = await ctx.db.report.findFirst({ where: { kind: kind.id, unitId: unit.id, period: period.key } });
    subject = any?.subject ?? "";
  }
  return { kind, period, unit, subject };
}

/** The report's answers under the questions of the kind's version it was filled with (said when not the current one). */
async function answersOf(ctx: BotContext, kind: FormKind, title: string, report: { data: unknown; kindVersion: number }) {
  const then = await ctx.kinds.formAt(ctx.db, kind, report.kindVersion);
  const lines = summaryLines(then.kind.form.form(title, {}), report.data as Answers);
  return then.older ? [v.olderVersion(kind.name, report.kindVersion), ...lines] : lines;
}

export function showCommand(): Command {
  return {
    id: "show",
    names: ["查看"],
    alias: "/show",
    roles: ["principal", "reporter", "inspector", "viewer", "admin"],
    ...commandTexts.show,
    async run(ctx, args) {
      const r = await resolve(ctx, args, "查看");
      if (!r) return;
      const title = formTitle(r.kind, { unitId: r.unit.id, unitName: r.unit.name, period: r.period, subject: r.subject });
      const report = await findReport(ctx.db, { kind: r.kind.id, unitId: r.unit.id, period: r.period.key, subject: r.subject });
      if (!report) return ctx.reply(v.notFound(title));
      const last = report.revisions.at(-1);
      ctx.reply(
        v.shown(
          title,
          report.submittedBy.name,
          report.submittedAt,
          ctx.tz,
          report.late,
          report.revision,
          last?.by.name ?? "",
          last?.at ?? report.submittedAt,
          await answersOf(ctx, r.kind, title, report),
        ),
      );
    },
  };
}

export function editCommand(convos: Conversations): Command {
  return {
    id: "edit",
    names: ["修改"],
    alias: "/edit",
    roles: ["principal", "reporter", "inspector", "admin"],
    ...commandTexts.edit,
    async run(ctx, args) {
      const r = await resolve(ctx, args, "修改");
      if (!r) return;
      const kind = r.kind;
      const target = { unitId: r.unit.id, unitName: r.unit.name, period: r.period, subject: r.subject };
      const title = formTitle(r.kind, target);
      const report = await findReport(ctx.db, { kind: r.kind.id, unitId: r.unit.id, period: r.period.key, subject: r.subject });
      if (!report) return ctx.reply(v.notFound(title));
      const due = deadlineOf(r.kind.deadline, r.period, ctx.tz);
      if (due && ctx.now > due && !ctx.has("admin")) return ctx.reply(v.editAfterDeadline(title));
      await startEdit(ctx, convos, kind, target, report);
    },
  };
}
