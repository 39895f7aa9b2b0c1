/**
 * Copies every table of one database into another, empty, migrated one —
 * how a county moves from the embedded SQLite to PostgreSQL (`npm run cli --
 * db copy <target URL>`). Tables go in dependency order (a row after the rows
 * it references), all in one transaction on the target: a failure leaves it as
 * empty as it was, so the copy can simply be run again. Rows keep their ids;
 * PostgreSQL's id sequences are moved past them; every table's count is
 * checked before the commit.
 */
import { readFileSync } from "node:fs";
import { ModelName } from "../generated/sqlite/internal/prismaNamespace.js";
import { type Db, Prisma, type Tx } from "./client.js";
import { MODELS_FILE } from "./providers.js";

/** Each model and the models its relation fields reference (`@relation(fields: […])`), read from prisma/models.prisma. */
export function referencesOf(models: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const block of models.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
    const refs = new Set<string>();
    for (const line of (block[2] ?? "").split("\n")) {
      const m = /^\s*\w+\s+(\w+)\??\s+@relation\([^)]*fields:/.exec(line);
      if (m?.[1] && m[1] !== block[1]) refs.add(m[1]);
    }
    out.set(block[1] as string, refs);
  }
  return out;
}

/** The models in an order where every model comes after those it references (ties in the file's order). */
export function dependencyOrder(refs: Map<string, Set<string>>): string[] {
  const order: string[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (m: string) => {
    if (state.get(m) === "done") return;
    if (state.get(m) === "visiting") throw new Error(`models reference each other in a cycle through ${m}`);
    state.set(m, "visiting");
    for (const r of refs.get(m) ?? []) visit(r);
    state.set(m, "done");
    order.push(m);
  };
  for (const m of refs.keys()) visit(m);
  return order;
}

/** Models in an order where every row's references are copied before it. */
export const COPY_ORDER = dependencyOrder(referencesOf(readFileSync(MODELS_FILE, "utf8"))).filter((m): m is ModelName =>
  (Object.values(ModelName) as string[]).includes(m),
);

/** Optional JSON fields: a null there must be written as the database's NULL. */
const NULLABLE_JSON: Partial<Record<ModelName, string[]>> = { PlanTarget: ["perUnit"], AuditLog: ["detail"] };

/** Primary key fields of the models without an `id`. */
const KEYS: Partial<Record<ModelName, string[]>> = {
  PersonRole: ["personId", "role"],
  InspectorSchool: ["personId", "unitId"],
  InboundDedupe: ["key"],
  Conversation: ["personId"],
  AbandonedForm: ["personId"],
  UnitFact: ["unitId", "fact"],
  CalendarDay: ["date"],
  OnceNotice: ["key"],
  Setting: ["key"],
  RosterImportRows: ["importId"],
  DashboardSession: ["tokenHash"],
  LoginState: ["state"],
  Lease: ["name"],
  AibotChat: ["useridKey"],
};

const PAGE = 500;

type Delegate = {
  count(): Promise<number>;
  findMany(args: { orderBy: Record<string, "asc">[]; skip: number; take: number }): Promise<Record<string, unknown>[]>;
  createMany(args: { data: Record<string, unknown>[] }): Promise<{ count: number }>;
};

const delegate = (db: Db | Tx, model: ModelName) =>
  (db as unknown as Record<string, Delegate>)[model.charAt(0).toLowerCase() + model.slice(1)] as Delegate;

export type CopyCount = { table: ModelName; source: number; target: number };

export class TargetNotEmpty extends Error {
  constructor(readonly tables: string[]) {
    super(`target database is not empty: ${tables.join(", ")}`);
  }
}

/** Long enough for a county's database; the transaction is the whole copy. */
const COPY_TIMEOUT_MS = 6 * 60 * 60 * 1000;

export async function copyDatabase(from: Db, to: Db, toProvider: "sqlite" | "postgresql"): Promise<CopyCount[]> {
  const nonEmpty: string[] = [];
  for (const model of COPY_ORDER) if ((await delegate(to, model).count()) > 0) nonEmpty.push(model);
  // A fresh start loads the bundled plan: that much may be replaced, nothing else.
  const onlyPlan = nonEmpty.every((m) => ["Plan", "PlanSection", "PlanItem", "PlanTarget", "AuditLog"].includes(m));
  if (nonEmpty.length && !onlyPlan) throw new TargetNotEmpty(nonEmpty);
  return to.$transaction(
    async (tx) => {
      for (const m of [...COPY_ORDER].reverse())
        if (nonEmpty.includes(m)) await (delegate(tx, m) as unknown as { deleteMany(): Promise<unknown> }).deleteMany();
      const counts: CopyCount[] = [];
      for (const model of COPY_ORDER) {
        const src = delegate(from, model);
        const dst = delegate(tx, model);
        const orderBy = (KEYS[model] ?? ["id"]).map((k) => ({ [k]: "asc" as const }));
        for (let skip = 0; ; skip += PAGE) {
          const rows = await src.findMany({ orderBy, skip, take: PAGE });
          if (rows.length === 0) break;
          for (const field of NULLABLE_JSON[model] ?? []) for (const r of rows) if (r[field] === null) r[field] = Prisma.DbNull;
          await dst.createMany({ data: rows });
          if (rows.length < PAGE) break;
        }
        counts.push({ table: model, source: await src.count(), target: await dst.count() });
      }
      if (toProvider === "postgresql") {
        for (const model of COPY_ORDER) {
          if (KEYS[model]) continue;
          await tx.$executeRawUnsafe(
            `SELECT setval(pg_get_serial_sequence('"${model}"', 'id'), COALESCE((SELECT MAX(id) FROM "${model}"), 0) + 1, false)`,
          );
        }
      }
      const bad = counts.filter((c) => c.source !== c.target);
      // Counts that differ: nothing is kept (the copy is run again once the source is quiet).
      if (bad.length) throw new CopyMismatch(counts);
      return counts;
    },
    { timeout: COPY_TIMEOUT_MS, maxWait: 60_000 },
  );
}

export class CopyMismatch extends Error {
  constructor(readonly counts: CopyCount[]) {
    super("row counts differ after the copy");
  }
}
