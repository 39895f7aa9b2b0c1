/**
 * Copies every table of one database into another, empty, migrated one —
 * how a county moves from the embedded SQLite to PostgreSQL (`npm run cli --
 * db copy <target URL>`). Rows keep their ids; PostgreSQL's id sequences are
 * moved past them; every table's count is checked afterwards.
 */
import { ModelName } from "../generated/sqlite/internal/prismaNamespace.js";
import { type Db, Prisma } from "./client.js";

/** Models in an order where every row's references are copied before it (the order of prisma/models.prisma). */
export const COPY_ORDER = Object.values(ModelName);

/** Optional JSON fields: a null there must be written as the database's NULL. */
const NULLABLE_JSON: Partial<Record<ModelName, string[]>> = { PlanTarget: ["perUnit"], AuditLog: ["detail"] };

/** Primary key fields of the models without an `id`. */
const KEYS: Partial<Record<ModelName, string[]>> = {
  PersonRole: ["personId", "role"],
  InspectorSchool: ["personId", "unitId"],
  InboundDedupe: ["key"],
  Conversation: ["personId"],
  CalendarDay: ["date"],
  OnceNotice: ["key"],
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

const delegate = (db: Db, model: ModelName) =>
  (db as unknown as Record<string, Delegate>)[model.charAt(0).toLowerCase() + model.slice(1)] as Delegate;

export type CopyCount = { table: ModelName; source: number; target: number };

export class TargetNotEmpty extends Error {
  constructor(readonly tables: string[]) {
    super(`target database is not empty: ${tables.join(", ")}`);
  }
}

export async function copyDatabase(from: Db, to: Db, toProvider: "sqlite" | "postgresql"): Promise<CopyCount[]> {
  const nonEmpty: string[] = [];
  for (const model of COPY_ORDER) if ((await delegate(to, model).count()) > 0) nonEmpty.push(model);
  // A fresh start loads the bundled plan: that much may be replaced, nothing else.
  const onlyPlan = nonEmpty.every((m) => ["Plan", "PlanSection", "PlanItem", "PlanTarget", "AuditLog"].includes(m));
  if (nonEmpty.length && !onlyPlan) throw new TargetNotEmpty(nonEmpty);
  if (nonEmpty.length) {
    for (const m of [...COPY_ORDER].reverse())
      if (nonEmpty.includes(m)) await (delegate(to, m) as unknown as { deleteMany(): Promise<unknown> }).deleteMany();
  }
  const counts: CopyCount[] = [];
  for (const model of COPY_ORDER) {
    const src = delegate(from, model);
    const dst = delegate(to, model);
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
      await to.$executeRawUnsafe(
        `SELECT setval(pg_get_serial_sequence('"${model}"', 'id'), COALESCE((SELECT MAX(id) FROM "${model}"), 0) + 1, false)`,
      );
    }
  }
  return counts;
}
