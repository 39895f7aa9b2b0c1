/**
 * A compiled spec made a Kind: the generic rules (who owes it by unit kind or code, in term only; one report per
 * unit, period and subject; its figures and words) with what the capabilities it names change and add.
 */
import { SCHOOL_KINDS } from "../domain/units.js";
import { inTerm, unitsOfKinds } from "../reports/owes.js";
import { deadlineOf, type Period, periodLabel, previous } from "../reports/periods.js";
import { periodStatus, type Units } from "../reports/status.js";
import { formatDeadlineZh } from "../time/zoned.js";
import { hazardLedger } from "./capabilities/hazard-ledger/index.js";
import { inspectorVisits } from "./capabilities/inspector-visits/index.js";
import type { CapabilityParts, KindBasics } from "./capabilities/parts.js";
import { planTargets } from "./capabilities/plan-targets/index.js";
import type { CompiledSpec } from "./compile.js";
import { addPeriodFigures, addStatus, type FigureScope, reportFigures, reportRows } from "./figures.js";
import type { Kind, KindForm, UnitRef } from "./kind.js";
import { wordLines } from "./words.js";

/** The words of a kind's command when its spec gives none. */
const defaultTexts = (name: string, inspector: boolean) => ({
  describe: `填报${name}`,
  example: name,
  refusal: inspector ? `只有责任督学可以填报${name}。` : `只有校长或填报员可以填报${name}。`,
});

/** Builds a kind; `lookup` finds another kind by id when a figure depends on it (the spec says which). */
export function makeKind(c: CompiledSpec, lookup: (id: string) => Kind | null): Kind {
  const { spec } = c;
  const owedBy = spec.owedBy ?? {};
  const unitKinds = owedBy.unitKinds ?? (owedBy.units ? [] : [...SCHOOL_KINDS]);
  const codes = new Set(owedBy.units ?? []);
  const owesByWhatItIs = (u: UnitRef) => unitKinds.includes(u.kind) || codes.has(u.code);
  const basics: KindBasics = { id: spec.id, name: spec.name, purpose: spec.purpose, owes: owesByWhatItIs, kind: lookup };

  const parts: CapabilityParts[] = [];
  const caps = c.capabilities;
  if (caps.hazardLedger) parts.push(hazardLedger(caps.hazardLedger, basics));
  if (caps.planTargets) parts.push(planTargets(caps.planTargets, basics));
  if (caps.inspectorVisits) parts.push(inspectorVisits());
  const from = Object.assign({}, ...parts.map((p) => p.kind ?? {})) as NonNullable<CapabilityParts["kind"]>;
  const hooks = parts.map((p) => p.form ?? {});

  const inTermOnly = owedBy.inTermOnly === true;
  async function owingByUnits(db: Parameters<Kind["owing"]>[0], period: Period, units?: Units) {
    if (inTermOnly && !(await inTerm(db, period))) return [];
    const byKind = unitKinds.length ? await unitsOfKinds(db, unitKinds, units) : [];
    if (!codes.size) return byKind;
    const named = await db.unit.findMany({
      where: { active: true, code: { in: [...codes] }, ...(units ? { id: { in: [...units] } } : {}) },
      orderBy: { code: "asc" },
      select: { id: true, code: true, name: true, township: true, createdAt: true },
    });
    const seen = new Set(byKind.map((o) => o.unitId));
    const more = named
      .filter((u) => !seen.has(u.id))
      .map((u) => ({ unitId: u.id, unitCode: u.code, unitName: u.name, township: u.township, subject: "", since: u.createdAt }));
    return [...byKind, ...more].sort((a, b) => a.unitCode.localeCompare(b.unitCode));
  }

  const subjectChased = (from.chases ?? "unit") === "subject";
  const form: KindForm | undefined = c.data
    ? {
        form: (title, context) => c.form(title, context),
        data: c.data,
        ...c.prefill,
        ...(hooks.some((h) => h.stillOpen)
          ? {
              stillOpen: async (db, unitId, today) => (await Promise.all(hooks.map((h) => h.stillOpen?.(db, unitId, today) ?? []))).flat(),
            }
          : {}),
        async afterSave(tx, ctx, reportId, answers, context) {
          const lines: string[] = [];
          for (const h of hooks) lines.push(...((await h.afterSave?.(tx, ctx, reportId, answers, context)) ?? []));
          lines.push(...(await wordLines(c.words.submitted, reportFigures(spec.figures ?? [], answers), "text")));
          return lines;
        },
        ...(hooks.some((h) => h.afterCommit)
          ? {
              afterCommit: async (ctx, reportId) => {
                for (const h of hooks) await h.afterCommit?.(ctx, reportId);
              },
            }
          : {}),
      }
    : undefined;

  const kind: Kind = {
    spec,
    id: spec.id,
    version: spec.version,
    name: spec.name,
    short: spec.short,
    alias: spec.alias ?? `/${spec.id}`,
    periodType: spec.period === "week" ? "week" : "month",
    deadline: c.deadline,
    purpose: spec.purpose,
    ...(spec.office ? { office: spec.office } : {}),
    texts: spec.texts ?? defaultTexts(spec.name, subjectChased),
    chases: from.chases ?? "unit",
    owes: from.owes ?? owesByWhatItIs,
    ...(inTermOnly ? { owedIn: inTerm } : {}),
    owingEveryPeriod: from.owingEveryPeriod ?? !inTermOnly,
    owing: from.owing ?? ((db, period, _at, units) => owingByUnits(db, period, units)),
    ...(from.reported ? { reported: from.reported } : {}),
    ...(from.missingName ? { missingName: from.missingName } : {}),
    ...(form ? { form } : {}),
    figures(db, period, at, status, units) {
      const scope: FigureScope = {
        name: spec.name,
        period: periodLabel(period),
        periodKey: period.key,
        due: (() => {
          const due = deadlineOf(c.deadline, period, at.tz);
          return due ? formatDeadlineZh(due, at.tz) : "";
        })(),
      };
      addStatus(scope, status, () => periodStatus(db, kind, previous(period), at.now, at.tz, units));
      addPeriodFigures(scope, spec.figures ?? [], reportRows(db, spec.id, period.key, units));
      for (const p of parts) p.figures?.(scope, db, period, at, units);
      return scope;
    },
    words: c.words,
    weeklyPeriod: spec.weeklyPeriod ?? (spec.period === "week" ? "last" : "open"),
    ...(from.summary ? { summary: from.summary } : {}),
    ...(from.summaryLines ? { summaryLines: from.summaryLines } : {}),
    ...(from.attention ? { attention: from.attention } : {}),
    ...(from.meLines ? { meLines: from.meLines } : {}),
    hazardLedger: from.hazardLedger ?? false,
    capabilities: caps,
  };
  return kind;
}
