/**
 * One command per report kind with a form, generated from the registry: a
 * unit's kinds (安全检查, 课后服务) start the open period's form for the
 * person's own unit; kinds whose subject is the person (督导) start it for one
 * of the schools assigned to them, chosen by 序号, code or name.
 */
import { reports as t } from "../../../templates/reports.js";
import { views as v } from "../../../templates/views.js";
import { parseNumber } from "../../forms/parse/numbers.js";
import type { FormKind } from "../../kinds/kind.js";
import type { KindRegistry } from "../../kinds/registry.js";
import { parsePeriodWord, periodLabel } from "../../reports/periods.js";
import { findReport } from "../../reports/store.js";
import type { BotContext } from "../context.js";
import type { Conversations } from "../conversation.js";
import { startReport } from "../report-forms.js";
import { periodArg } from "./args.js";
import type { Command } from "./registry.js";
import { startAs } from "./start-words.js";

/** The school a word names among the person's assigned ones: 序号, code, or name. */
export function pickSchool(ctx: BotContext, word: string) {
  const schools = [...ctx.person.schools].sort((a, b) => a.unit.code.localeCompare(b.unit.code));
  const n = parseNumber(word);
  if (n && n.unit === "" && Number.isInteger(n.value)) return schools[n.value - 1] ?? null;
  return (
    schools.find((s) => s.unit.code.toLowerCase() === word.toLowerCase() || s.unit.name === word || s.unit.name.includes(word)) ?? null
  );
}

function unitReportCommand(k: FormKind, convos: Conversations): Command {
  return {
    id: k.id,
    names: [k.name, k.short],
    alias: k.alias,
    roles: ["principal", "reporter"],
    ...k.texts,
    async run(ctx: BotContext, args: string[]) {
      const unit = ctx.person.unit;
      if (!k.owes(unit)) return ctx.reply(t.notYourKind(unit.name, k.name));
      const { as, rest } = startAs(args);
      const period = periodArg(ctx, k, rest[0]);
      if (!period) return;
      if (k.owedIn && !(await k.owedIn(ctx.db, period))) return ctx.reply(t.noTerm(k.name, periodLabel(period)));
      await startReport(ctx, convos, k, { unitId: unit.id, unitName: unit.name, period, subject: "" }, as);
    },
  };
}

/** 督导 [学校] [期间]: the person's report on one assigned school (asks which, when they have several). */
function assignedSchoolCommand(k: FormKind, convos: Conversations): Command {
  return {
    id: k.id,
    names: [...new Set([k.name, k.short])],
    alias: k.alias,
    roles: ["inspector"],
    ...k.texts,
    async run(ctx, args) {
      const schools = [...ctx.person.schools].sort((a, b) => a.unit.code.localeCompare(b.unit.code));
      if (!schools.length) return ctx.reply(v.noSchools());
      const periodWord = args.find((a) => parsePeriodWord(a, k.periodType, ctx.today) !== null);
      const schoolWord = args.find((a) => a !== periodWord);
      const period = periodArg(ctx, k, periodWord);
      if (!period) return;
      let school = schools.length === 1 ? schools[0] : null;
      if (schoolWord) {
        school = pickSchool(ctx, schoolWord);
        if (!school) return ctx.reply(v.notYourSchool(schoolWord));
      }
      if (!school) {
        const lines: string[] = [];
        for (const [i, s] of schools.entries()) {
          const done = await findReport(ctx.db, { kind: k.id, unitId: s.unitId, period: period.key, subject: ctx.person.useridKey });
          lines.push(v.schoolLine(i + 1, s.unit.name, !!done));
        }
        return ctx.reply(v.chooseSchool(lines));
      }
      await startReport(ctx, convos, k, { unitId: school.unitId, unitName: school.unit.name, period, subject: ctx.person.useridKey });
    },
  };
}

/** The commands of every report kind with a form, in the registry's order. */
export function reportCommands(kinds: KindRegistry, convos: Conversations): Command[] {
  return kinds.withForms().map((k) => (k.chases === "unit" ? unitReportCommand(k, convos) : assignedSchoolCommand(k, convos)));
}
