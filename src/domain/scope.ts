/**
 * Which units' reports a person may see (docs/DESIGN.md roles): viewers and admins every unit; principals and
 * reporters their own; inspectors the schools assigned to them. Exports, the dashboard's pages, photos and
 * files all ask this one function.
 */
export type Visible = ReadonlySet<number> | null;

export type Viewer = { unitId: number; roles: readonly { role: string }[]; schools: readonly { unitId: number }[] };

/** null: every unit. */
export function visibleUnits(p: Viewer): Visible {
  const roles = new Set(p.roles.map((r) => r.role));
  if (roles.has("viewer") || roles.has("admin")) return null;
  const units = new Set<number>();
  if (roles.has("principal") || roles.has("reporter")) units.add(p.unitId);
  if (roles.has("inspector")) for (const s of p.schools) units.add(s.unitId);
  return units;
}

export const maySee = (v: Visible, unitId: number) => v === null || v.has(unitId);
