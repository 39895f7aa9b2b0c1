/**
 * Reading `<报表|隐患> [期间|起..止]` (the chat's 导出 and the CLI's export alike): the kind or the hazard
 * ledger, and the periods — or what to say instead.
 */
import { exportTexts as x } from "../../templates/exports.js";
import { type FormKind, hasForm } from "../kinds/kind.js";
import type { KindRegistry } from "../kinds/registry.js";
import type { Period } from "../reports/periods.js";
import type { LocalDate } from "../time/zoned.js";
import { exportRange, MAX_PERIODS } from "./range.js";

const HAZARD_WORDS = new Set(["隐患", "隐患台账", "台账"]);

export type ParsedExport = { ok: true; what: FormKind | "hazards"; periods: Period[] | null; label: string } | { ok: false; reply: string };

/** An export command for the first `n` periods of a range: what to ask instead of a range too large. */
export function splitExample(kindShort: string, periods: readonly Period[], n: number): string {
  const first = periods[0];
  const last = periods[Math.min(n, periods.length) - 1];
  if (!first || !last) return `导出 ${kindShort}`;
  return first.key === last.key ? `导出 ${kindShort} ${first.key}` : `导出 ${kindShort} ${first.key}..${last.key}`;
}

export function parseExport(kinds: KindRegistry, args: string[], now: Date, tz: string, today: LocalDate): ParsedExport {
  const [what, ...rest] = args;
  if (!what) return { ok: false, reply: x.usage() };
  const hazards = HAZARD_WORDS.has(what);
  const kind = hazards ? kinds.withForms().find((k) => k.hazardLedger) : kinds.byWord(what);
  if (!kind) {
    const names = kinds.withForms().map((k) => k.name);
    return { ok: false, reply: x.unknownWhat(what, names) };
  }
  if (!hasForm(kind)) return { ok: false, reply: x.notExportable(kind.name) };
  const word = rest.join("");
  if (hazards && !word) return { ok: true, what: "hazards", periods: null, label: x.whole };
  const range = exportRange(kind, word || undefined, now, tz, today);
  if ("error" in range) return { ok: false, reply: range.error === "too-long" ? x.tooLong(MAX_PERIODS) : x.badPeriod(range.word) };
  return { ok: true, what: hazards ? "hazards" : kind, periods: range.periods, label: range.label };
}
