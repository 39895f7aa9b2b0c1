/**
 * Inspector visits as a capability (督导): owed by each active inspector for each assigned school, the inspector
 * being the report's subject — reminders chase the inspector, 未填报 names the school with its inspector.
 */
import { summary } from "../../../../templates/summary.js";
import { inUnits } from "../../../reports/status.js";
import type { CapabilityParts } from "../parts.js";

export function inspectorVisits(): CapabilityParts {
  return {
    kind: {
      chases: "subject",
      owes: () => false,
      owingEveryPeriod: false,
      async owing(db, _period, _at, units) {
        const pairs = await db.inspectorSchool.findMany({
          where: { person: { active: true }, unit: { active: true }, ...inUnits(units) },
          include: { person: true, unit: true },
          orderBy: [{ unit: { code: "asc" } }],
        });
        return pairs.map((p) => ({
          unitId: p.unitId,
          unitCode: p.unit.code,
          unitName: p.unit.name,
          township: p.unit.township,
          subject: p.person.useridKey,
          subjectName: p.person.name,
          since: p.unit.createdAt,
        }));
      },
      missingName: (s) => summary.missingVisit(s.unitName, s.subjectName ?? s.subject),
    },
  };
}
