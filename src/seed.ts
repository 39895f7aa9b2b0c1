/**
 * Data a start needs: the bundled plan files for years the database lacks
 * (an operator's `plan load` is never overwritten), and — only for the local
 * simulator (no credentials, not production) on an empty roster — the demo
 * roster of fictional schools and people.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import type { Db } from "./db/client.js";
import { isUniqueViolation } from "./db/errors.js";
import { PRISMA_DIR } from "./db/providers.js";
import type { Logger } from "./log.js";
import { loadPlan } from "./plan/load-plan.js";
import { readPlanFile } from "./plan/plan-file.js";
import { importRoster } from "./roster/import-roster.js";
import { readCsv } from "./roster/read-csv.js";

export const DATA_DIR = path.join(PRISMA_DIR, "data");
export const DEMO_ROSTER = path.join(DATA_DIR, "demo-roster.csv");

export function bundledPlanFiles(): string[] {
  return readdirSync(DATA_DIR)
    .filter((f) => /^plan-\d{4}\.json$/.test(f))
    .sort()
    .map((f) => path.join(DATA_DIR, f));
}

/** How many people on the roster (active or not) are not in the demo roster: the simulator runs only where this is 0. */
export async function peopleOutsideDemo(db: Db): Promise<number> {
  const { header, rows } = readCsv(DEMO_ROSTER);
  const col = header.indexOf("userid");
  const demo = rows.map((r) => (r.cells[col] ?? "").toLowerCase()).filter(Boolean);
  return db.person.count({ where: { useridKey: { notIn: demo } } });
}

export async function seed(db: Db, opts: { demo: boolean; logger: Logger }): Promise<void> {
  for (const file of bundledPlanFiles()) {
    const plan = readPlanFile(file);
    if (await db.plan.findUnique({ where: { year: plan.year }, select: { id: true } })) continue;
    try {
      const r = await loadPlan(db, plan, "system");
      opts.logger.info({ year: r.year, created: r.created }, "loaded bundled plan");
    } catch (err) {
      // Two instances starting at once on a new database: the other loaded it first (its transaction, whole).
      if (!isUniqueViolation(err)) throw err;
      opts.logger.info({ year: plan.year }, "bundled plan loaded by another instance");
    }
  }
  if (opts.demo && (await db.person.count()) === 0) {
    const r = await importRoster(db, DEMO_ROSTER, { actor: "system" });
    opts.logger.info({ people: r.peopleCreated, units: r.unitsCreated }, "seeded demo roster (simulator only)");
  }
}
