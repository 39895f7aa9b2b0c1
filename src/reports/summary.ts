/**
 * 汇总: a Markdown summary per report kind and period — who reported, who
 * has not — then the kind's own figures, rendered by its plugin (hazards,
 * participation, visits); 进度 is the plan's targets.
 */
import { summary as t } from "../../templates/summary.js";
import type { Db } from "../db/client.js";
import type { LocalDate } from "../time/zoned.js";
import type { ReportKind } from "./kinds.js";
import type { Period } from "./periods.js";
import { pluginOf } from "./registry.js";
import { periodStatus } from "./status.js";

export async function kindSummary(db: Db, kind: ReportKind, period: Period, now: Date, tz: string, today: LocalDate): Promise<string> {
  const plugin = pluginOf(kind);
  const at = { now, tz, today };
  if (plugin.summary) return (await plugin.summary(db, period, at)).join("\n");
  const status = await periodStatus(db, kind, period, now, tz);
  const lines = [t.heading(kind.name, period)];
  if (!status.length) return [...lines, t.notOwed()].join("\n");
  const done = status.filter((s) => s.report);
  const missing = status.filter((s) => !s.report);
  lines.push(t.reported(done.length, status.length, done.filter((s) => s.report?.late).length));
  lines.push(
    t.missing(
      [...new Set(missing.map((s) => s.unitName))],
      missing.some((s) => s.overdue),
    ),
  );
  lines.push(...((await plugin.summaryLines?.(db, period, at, status)) ?? []));
  return lines.join("\n");
}
