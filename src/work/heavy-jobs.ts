/**
 * The heavy work, as jobs with plain arguments and plain results: the dashboard's pages (their HTML) and exports
 * (the file's pieces). Run in a worker thread with its own database connection (heavy-work.ts), so that reading
 * 20,000 units or writing a 100,000-row sheet never holds the main event loop — where WeCom's callbacks must be
 * answered within 5 s — or, where no thread can be started, in the process as before.
 */
import type { Db } from "../db/client.js";
import { buildExport } from "../exports/export.js";
import { hasForm } from "../kinds/kind.js";
import type { KindRegistry } from "../kinds/registry.js";
import type { Period } from "../reports/periods.js";
import { hazardsPage, type LedgerFilters } from "../web/pages/hazards.js";
import { overviewPage } from "../web/pages/overview.js";
import { planPage } from "../web/pages/plan.js";
import { unitPage, unitsPage } from "../web/pages/unit.js";

/** Units as a thread can receive them: ids, or null for every unit. */
type Ids = number[] | null;
const set = (ids: Ids) => (ids === null ? null : new Set(ids));

export type HeavyJobs = {
  overview: { args: { visible: Ids; now: string; tz: string }; result: string };
  hazards: { args: { visible: Ids; filters: LedgerFilters; now: string; tz: string }; result: string };
  plan: { args: { now: string; tz: string }; result: string };
  units: { args: { visible: Ids }; result: string };
  unit: { args: { unit: { id: number; code: string; name: string; township: string; kind: string }; tz: string }; result: string };
  export: {
    /** `what`: a kind's id, or "hazards" (the ledger alone). */
    args: { what: string; periods: Period[] | null; label: string; scope: Ids; who: string; now: string; tz: string };
    result: { name: string; rows: number; size: number; parts: Uint8Array[] };
  };
};
export type JobName = keyof HeavyJobs;

/** What a job runs with: a database connection and the report kinds (a thread keeps its own of each). */
export type JobEnv = { db: Db; kinds: KindRegistry };

export const HEAVY_JOBS: { [K in JobName]: (env: JobEnv, a: HeavyJobs[K]["args"]) => Promise<HeavyJobs[K]["result"]> } = {
  overview: async ({ db, kinds }, a) => (await overviewPage(db, kinds, set(a.visible), new Date(a.now), a.tz)).html,
  hazards: async ({ db }, a) => (await hazardsPage(db, set(a.visible), a.filters, new Date(a.now), a.tz)).html,
  plan: async ({ db, kinds }, a) => (await planPage(db, kinds, new Date(a.now), a.tz)).html,
  units: async ({ db }, a) => (await unitsPage(db, set(a.visible))).html,
  unit: async ({ db, kinds }, a) => (await unitPage(db, kinds, a.unit, a.tz)).html,
  export: async ({ db, kinds }, a) => {
    const kind = a.what === "hazards" ? "hazards" : kinds.byId(a.what);
    if (!kind || (kind !== "hazards" && !hasForm(kind))) throw new Error(`no exportable kind ${a.what}`);
    const f = await buildExport(
      db,
      { what: kind, periods: a.periods, label: a.label, scope: set(a.scope), who: a.who },
      new Date(a.now),
      a.tz,
    );
    return { name: f.name, rows: f.rows, size: f.file.size, parts: f.file.parts };
  },
};
