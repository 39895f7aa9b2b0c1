/** 督导 [学校] [期间]: an inspector's monthly visit report for one assigned school. */
import { commandTexts } from "../../../templates/commands.js";
import { views as v } from "../../../templates/views.js";
import { parseNumber } from "../../forms/parse/numbers.js";
import { parsePeriodWord } from "../../reports/periods.js";
import { findReport } from "../../reports/store.js";
import { supervisionKind } from "../../reports/supervision/index.js";
import type { BotContext } from "../context.js";
import type { Conversations } from "../conversation.js";
import { startReport } from "../report-forms.js";
import { periodArg } from "./args.js";
import type { Command } from "./registry.js";

/** The school a word names among the inspector's: 序号, code, or name. */
export function pickSchool(ctx: BotContext, word: string) {
  const schools = [...ctx.person.schools].sort((a, b) => a.unit.code.localeCompare(b.unit.code));
  const n = parseNumber(word);
  if (n && n.unit === "" && Number.isInteger(n.value)) return schools[n.value - 1] ?? null;
  return (
    schools.find((s) => s.unit.code.toLowerCase() === word.toLowerCase() || s.unit.name === word || s.unit.name.includes(word)) ?? null
  );
}

export function supervisionCommand(convos: Conversations): Command {
  const kind = supervisionKind;
  return {
    id: "supervision",
    names: ["督导"],
    alias: "/visit",
    roles: ["inspector"],
    ...commandTexts.supervision,
    async run(ctx, args) {
      const schools = [...ctx.person.schools].sort((a, b) => a.unit.code.localeCompare(b.unit.code));
      if (!schools.length) return ctx.reply(v.noSchools());
      const periodWord = args.find((a) => parsePeriodWord(a, "month", ctx.today) !== null);
      const schoolWord = args.find((a) => a !== periodWord);
      const period = periodArg(ctx, kind, periodWord);
      if (!period) return;
      let school = schools.length === 1 ? schools[0] : null;
      if (schoolWord) {
        school = pickSchool(ctx, schoolWord);
        if (!school) return ctx.reply(v.notYourSchool(schoolWord));
      }
      if (!school) {
        const lines: string[] = [];
        for (const [i, s] of schools.entries()) {
          const done = await findReport(ctx.db, { kind: kind.id, unitId: s.unitId, period: period.key, subject: ctx.person.useridKey });
          lines.push(v.schoolLine(i + 1, s.unit.name, !!done));
        }
        return ctx.reply(v.chooseSchool(lines));
      }
      await startReport(ctx, convos, kind, {
        unitId: school.unitId,
        unitName: school.unit.name,
        period,
        subject: ctx.person.useridKey,
      });
    },
  };
}
