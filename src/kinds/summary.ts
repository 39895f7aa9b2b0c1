/**
 * 汇总: a Markdown summary per report kind and period — who reported, who has not — then the kind's own words over
 * its figures (participation, visits) and what its capabilities add (hazards); a kind whose capability says 汇总 in
 * full says it (the plan's targets). The all-kinds 汇总 and the 周报 lead with what needs action (attentionLines).
 */
import { summary as t } from "../../templates/summary.js";
import type { Db } from "../db/client.js";
import { deadlineOf, hasDeadline, openPeriod, type Period, previous } from "../reports/periods.js";
import { periodStatus, type UnitStatus } from "../reports/status.js";
import type { LocalDate } from "../time/zoned.js";
import type { Kind } from "./kind.js";
import type { KindRegistry } from "./registry.js";
import { wordLines } from "./words.js";

/** How 汇总 may group units: by township (按乡镇) or by school type (按类型). */
export type GroupBy = "township" | "kind";

export async function kindSummary(
  db: Db,
  kind: Kind,
  period: Period,
  now: Date,
  tz: string,
  today: LocalDate,
  opts: { brief?: boolean; by?: GroupBy } = {},
): Promise<string> {
  const at = { now, tz, today, ...(opts.brief ? { brief: true } : {}) };
  if (kind.summary) return (await kind.summary(db, period, at)).join("\n");
  const status = await periodStatus(db, kind, period, now, tz);
  const lines = [t.heading(kind.name, period)];
  if (!status.length) return [...lines, t.notOwed()].join("\n");
  const done = status.filter((s) => s.report);
  const missing = status.filter((s) => !s.report);
  lines.push(t.reported(done.length, status.length, done.filter((s) => s.report?.late).length));
  if (opts.by) lines.push(...(await groupLines(db, status, opts.by)));
  else
    lines.push(
      t.missing(
        [...new Set(missing.map((s) => s.unitName))],
        missing.some((s) => s.overdue),
      ),
    );
  lines.push(
    ...(await wordLines(
      kind.words.summary,
      kind.figures(db, period, at, async () => status),
    )),
  );
  lines.push(...((await kind.summaryLines?.(db, period, at)) ?? []));
  return lines.join("\n");
}

/** One line per township or school type: reported of owing, and how many are overdue. */
async function groupLines(db: Db, status: UnitStatus[], by: GroupBy): Promise<string[]> {
  const kindOf = by === "kind" ? new Map((await db.unit.findMany({ select: { id: true, kind: true } })).map((u) => [u.id, u.kind])) : null;
  const groups = new Map<string, { done: number; owing: number; overdue: number }>();
  for (const s of status) {
    const key = kindOf ? (kindOf.get(s.unitId) ?? "") : s.township;
    const g = groups.get(key) ?? { done: 0, owing: 0, overdue: 0 };
    g.owing++;
    if (s.report) g.done++;
    if (s.overdue) g.overdue++;
    groups.set(key, g);
  }
  return [...groups]
    .sort((a, b) => b[1].owing - b[1].done - (a[1].owing - a[1].done) || a[0].localeCompare(b[0], "zh"))
    .map(([name, g]) => t.groupLine(name, g.done, g.owing, g.overdue));
}

/** The latest period of a kind whose deadline has passed: the one whose missing units are overdue now. */
export function lastClosedPeriod(kind: Kind, now: Date, tz: string): Period | null {
  if (!hasDeadline(kind.deadline)) return null;
  const open = openPeriod(kind.periodType, kind.deadline, now, tz);
  const due = deadlineOf(kind.deadline, open, tz);
  return due && now > due ? open : previous(open);
}

/** What needs action, for the all-kinds 汇总 and the 周报: each kind's overdue units, then each kind's own (hazards). */
export async function attentionLines(db: Db, kinds: KindRegistry, now: Date, tz: string, today: LocalDate): Promise<string[]> {
  const lines: string[] = [];
  for (const kind of kinds.withForms()) {
    const period = lastClosedPeriod(kind, now, tz);
    if (!period) continue;
    const missing = (await periodStatus(db, kind, period, now, tz)).filter((s) => s.overdue);
    if (missing.length)
      lines.push(
        t.attentionOverdue(
          kind.name,
          missing.map((s) => kind.missingName?.(s) ?? s.unitName),
        ),
      );
  }
  for (const kind of kinds.all()) lines.push(...((await kind.attention?.(db, { now, tz, today })) ?? []));
  return lines;
}
