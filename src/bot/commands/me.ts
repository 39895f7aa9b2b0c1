/** 我的: for the open periods, each kind the person owes — submitted or missing —, what is still owed from closed ones, and the unit's hazards. */

import { bot } from "../../../templates/bot.js";
import { commandTexts } from "../../../templates/commands.js";
import { views as v } from "../../../templates/views.js";
import { bureauGoLive, goLiveOf, owesPeriod } from "../../reports/go-live.js";
import { overduePeriods, periodWord } from "../../reports/overdue.js";
import { deadlineOf, openPeriod } from "../../reports/periods.js";
import { formTitle } from "../../reports/report-form.js";
import { findReport } from "../../reports/store.js";
import type { Command } from "./registry.js";

export function meCommand(): Command {
  return {
    id: "me",
    names: ["我的"],
    alias: "/me",
    roles: "all",
    ...commandTexts.me,
    async run(ctx) {
      const lines: string[] = [];
      const unit = ctx.person.unit;
      const bureau = await bureauGoLive(ctx.db);
      // Reporting has not started yet (上线 set ahead): nothing is owed before it, and 我的 says when it starts.
      if (bureau && bureau > ctx.today) lines.push(v.meNotStarted(bureau));
      const live = goLiveOf(unit.createdAt, bureau, ctx.now, ctx.tz);
      if (ctx.has("principal", "reporter")) {
        for (const kind of ctx.kinds.withForms()) {
          if (kind.chases !== "unit" || !kind.owes(unit)) continue;
          const period = openPeriod(kind.periodType, kind.deadline, ctx.now, ctx.tz);
          if (!owesPeriod(live, period)) continue;
          if (kind.owedIn && !(await kind.owedIn(ctx.db, period))) continue;
          const title = formTitle(kind, { unitId: unit.id, unitName: "", period, subject: "" });
          const r = await findReport(ctx.db, { kind: kind.id, unitId: unit.id, period: period.key, subject: "" });
          const due = deadlineOf(kind.deadline, period, ctx.tz);
          for (const p of await overduePeriods(ctx.db, kind, { unitId: unit.id, subject: "", since: unit.createdAt }, ctx.now, ctx.tz)) {
            const late = formTitle(kind, { unitId: unit.id, unitName: "", period: p, subject: "" });
            lines.push(v.meOverdue(late, `${kind.name} ${periodWord(p, ctx.today)}`));
          }
          lines.push(
            r
              ? v.meSubmitted(title, r.submittedBy.name, r.submittedAt, ctx.tz, r.late)
              : v.meMissing(title, due, ctx.tz, due !== null && ctx.now > due, kind.name),
          );
        }
        // What the kinds' capabilities add for the unit: its targets updated this month, its open hazards.
        const at = { now: ctx.now, tz: ctx.tz, today: ctx.today };
        for (const kind of ctx.kinds.all()) lines.push(...((await kind.meLines?.(ctx.db, unit, at)) ?? []));
      }
      // Kinds whose subject is the person (an inspector, for each assigned school).
      for (const kind of ctx.has("inspector") ? ctx.kinds.withForms().filter((k) => k.chases === "subject") : []) {
        const period = openPeriod(kind.periodType, kind.deadline, ctx.now, ctx.tz);
        const due = deadlineOf(kind.deadline, period, ctx.tz);
        for (const [i, s] of [...ctx.person.schools].sort((a, b) => a.unit.code.localeCompare(b.unit.code)).entries()) {
          if (!owesPeriod(goLiveOf(s.unit.createdAt, bureau, ctx.now, ctx.tz), period)) continue;
          const who = { unitId: s.unitId, subject: ctx.person.useridKey, since: s.unit.createdAt };
          for (const p of await overduePeriods(ctx.db, kind, who, ctx.now, ctx.tz)) {
            const late = formTitle(kind, { unitId: s.unitId, unitName: s.unit.name, period: p, subject: "" });
            lines.push(v.meOverdue(late, `${kind.name} ${i + 1} ${periodWord(p, ctx.today)}`));
          }
          const title = formTitle(kind, { unitId: s.unitId, unitName: s.unit.name, period, subject: "" });
          const r = await findReport(ctx.db, { kind: kind.id, unitId: s.unitId, period: period.key, subject: ctx.person.useridKey });
          lines.push(
            r ? v.meSubmitted(title, r.submittedBy.name, r.submittedAt, ctx.tz, r.late) : v.meMissing(title, due, ctx.tz, false, kind.name),
          );
        }
      }
      if (!lines.length) return ctx.reply(bot.nothingOwed());
      ctx.reply(v.meHeading(ctx.person.name, unit.name), ...lines);
    },
  };
}
