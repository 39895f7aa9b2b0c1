/**
 * The hazard ledger: hazards found in safety inspections keep a stable number
 * per unit (隐患 3); open until rectified; overdue past their 整改期限.
 */

import type { HazardView } from "../../../../templates/safety.js";
import type { Db, Tx } from "../../../db/client.js";
import type { LocalDate } from "../../../time/zoned.js";
import type { HazardAnswer } from "./form.js";

/** Brings a report's hazards in line with its answers: by position, new numbers for new ones, withdrawn for removed ones. */
export async function syncHazards(tx: Tx, unitId: number, reportId: number, hazards: HazardAnswer[], now: Date): Promise<number[]> {
  const existing = await tx.hazard.findMany({ where: { reportId }, orderBy: { position: "asc" } });
  const byPos = new Map(existing.map((h) => [h.position, h]));
  const numbers: number[] = [];
  let next = ((await tx.hazard.aggregate({ where: { unitId }, _max: { number: true } }))._max.number ?? 0) + 1;
  for (const [position, h] of hazards.entries()) {
    const fields = {
      description: h.description,
      category: h.category,
      severity: h.severity,
      deadline: h.deadline,
      responsible: h.responsible,
      photoId: h.photo?.photoId ?? null,
    };
    const old = byPos.get(position);
    if (old) {
      await tx.hazard.update({ where: { id: old.id }, data: { ...fields, ...(old.status === "withdrawn" ? { status: "open" } : {}) } });
      numbers.push(old.number);
    } else {
      await tx.hazard.create({ data: { ...fields, unitId, reportId, position, number: next, foundAt: now } });
      numbers.push(next++);
    }
  }
  for (const old of existing) {
    if (old.position >= hazards.length && old.status === "open")
      await tx.hazard.update({ where: { id: old.id }, data: { status: "withdrawn" } });
  }
  return numbers;
}

export async function openHazards(db: Db, unitId: number, today: LocalDate): Promise<HazardView[]> {
  const rows = await db.hazard.findMany({ where: { unitId, status: "open" }, orderBy: { number: "asc" } });
  return rows.map((h) => ({
    number: h.number,
    description: h.description,
    category: h.category,
    severity: h.severity,
    deadline: h.deadline,
    responsible: h.responsible,
    status: h.status,
    overdue: h.deadline < today,
  }));
}

export type RectifyResult = { ok: true; hazardId: number } | { ok: false; reason: "not-found" | "already" | "withdrawn"; at?: Date };

export async function rectifyHazard(db: Db, unitId: number, number: number, note: string, byId: number, now: Date): Promise<RectifyResult> {
  const h = await db.hazard.findUnique({ where: { unitId_number: { unitId, number } } });
  if (!h) return { ok: false, reason: "not-found" };
  if (h.status === "withdrawn") return { ok: false, reason: "withdrawn" };
  if (h.status === "rectified") return { ok: false, reason: "already", ...(h.rectifiedAt ? { at: h.rectifiedAt } : {}) };
  const r = await db.hazard.updateMany({
    where: { id: h.id, status: "open" },
    data: { status: "rectified", rectifiedAt: now, rectifiedById: byId, rectifyNote: note },
  });
  return r.count === 1 ? { ok: true, hazardId: h.id } : { ok: false, reason: "already" };
}
