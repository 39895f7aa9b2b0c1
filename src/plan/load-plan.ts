/**
 * Loads a validated plan into the database. Loading the same file twice
 * changes nothing; an edited file updates rows in place (ids stay, so
 * reported values stay); a target the file no longer lists is retired
 * (active = false), never deleted.
 */
import { type Db, Prisma, type Tx } from "../db/client.js";
import type { PlanFile, PlanTargetInput } from "./plan-file.js";

export type PlanLoadResult = {
  year: number;
  created: number;
  updated: number;
  unchanged: number;
  retired: number;
};

/** JSON with sorted keys: PostgreSQL's jsonb does not keep key order. */
function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(",")}]`;
  if (v && typeof v === "object") {
    return `{${Object.entries(v)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, x]) => `${JSON.stringify(k)}:${stable(x)}`)
      .join(",")}}`;
  }
  return JSON.stringify(v ?? null);
}

function targetRow(t: PlanTargetInput, sort: number) {
  const q = t.kind === "quantity" ? t : undefined;
  return {
    key: t.key,
    name: t.name,
    kind: t.kind,
    measure: q?.measure ?? null,
    comparator: q?.comparator ?? null,
    value: q?.value ?? null,
    valueMax: q?.valueMax ?? null,
    aggregation: q?.aggregation ?? null,
    perUnit: q?.perUnit ?? null,
    reporters: {
      kinds: t.reporters.kinds,
      codes: t.reporters.codes ?? [],
      ...(t.reporters.computedFrom ? { computedFrom: t.reporters.computedFrom } : {}),
    },
    source: t.source,
    sort,
    active: true,
  };
}

type Row = ReturnType<typeof targetRow>;
const COMPARED: (keyof Row)[] = [
  "name",
  "kind",
  "measure",
  "comparator",
  "value",
  "valueMax",
  "aggregation",
  "perUnit",
  "reporters",
  "source",
  "sort",
  "active",
];

function differs(a: Record<string, unknown>, b: Record<string, unknown>, keys: readonly string[]): boolean {
  return keys.some((k) => stable(a[k]) !== stable(b[k]));
}

const json = (v: unknown) => (v === null ? Prisma.DbNull : (v as Prisma.InputJsonValue));

export async function loadPlan(db: Db, plan: PlanFile, actor = "cli"): Promise<PlanLoadResult> {
  const result: PlanLoadResult = { year: plan.year, created: 0, updated: 0, unchanged: 0, retired: 0 };
  await db.$transaction(
    async (tx: Tx) => {
      const count = (changed: boolean, isNew: boolean) => {
        if (isNew) result.created++;
        else if (changed) result.updated++;
        else result.unchanged++;
      };
      let p = await tx.plan.findUnique({ where: { year: plan.year } });
      if (!p) {
        p = await tx.plan.create({ data: { year: plan.year, title: plan.title, issuedBy: plan.issuedBy } });
        count(true, true);
      } else if (p.title !== plan.title || p.issuedBy !== plan.issuedBy) {
        p = await tx.plan.update({ where: { id: p.id }, data: { title: plan.title, issuedBy: plan.issuedBy } });
        count(true, false);
      } else count(false, false);
      const planId = p.id;

      const sections = new Map((await tx.planSection.findMany({ where: { planId } })).map((s) => [s.code, s]));
      const items = new Map((await tx.planItem.findMany({ where: { planId } })).map((i) => [i.code, i]));
      const targets = new Map((await tx.planTarget.findMany({ where: { planId } })).map((t) => [t.key, t]));
      const seen = new Set<string>();

      for (const [si, s] of plan.sections.entries()) {
        let section = sections.get(s.code);
        if (!section) {
          section = await tx.planSection.create({ data: { planId, code: s.code, title: s.title, sort: si } });
          count(true, true);
        } else if (section.title !== s.title || section.sort !== si) {
          section = await tx.planSection.update({ where: { id: section.id }, data: { title: s.title, sort: si } });
          count(true, false);
        } else count(false, false);

        for (const [ii, it] of s.items.entries()) {
          const sort = si * 100 + ii;
          let item = items.get(it.code);
          if (!item) {
            item = await tx.planItem.create({ data: { planId, sectionId: section.id, code: it.code, title: it.title, sort } });
            count(true, true);
          } else if (item.title !== it.title || item.sectionId !== section.id || item.sort !== sort) {
            item = await tx.planItem.update({ where: { id: item.id }, data: { title: it.title, sectionId: section.id, sort } });
            count(true, false);
          } else count(false, false);

          for (const [ti, t] of it.targets.entries()) {
            const row = targetRow(t, ti);
            seen.add(t.key);
            const existing = targets.get(t.key);
            const data = { ...row, itemId: item.id, perUnit: json(row.perUnit), reporters: row.reporters as Prisma.InputJsonValue };
            if (!existing) {
              await tx.planTarget.create({ data: { ...data, planId } });
              count(true, true);
            } else if (existing.itemId !== item.id || differs(existing, row, COMPARED)) {
              await tx.planTarget.update({ where: { id: existing.id }, data });
              count(true, false);
            } else count(false, false);
          }
        }
      }
      for (const t of targets.values()) {
        if (!seen.has(t.key) && t.active) {
          await tx.planTarget.update({ where: { id: t.id }, data: { active: false } });
          result.retired++;
        }
      }
      if (result.created + result.updated + result.retired > 0) {
        await tx.auditLog.create({
          data: { actor, action: "plan.load", subject: `${plan.year}`, detail: { ...result } },
        });
      }
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
  return result;
}

/** The active plan: this year's, else the latest. */
export async function activePlan(db: Db, now: Date, timezone: string) {
  const year = Number(new Intl.DateTimeFormat("en", { timeZone: timezone, year: "numeric" }).format(now));
  return (await db.plan.findUnique({ where: { year } })) ?? (await db.plan.findFirst({ orderBy: { year: "desc" } }));
}
