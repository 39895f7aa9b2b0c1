/** What firing a reminder or digest needs, and the firing context for a rule. */
import type { Clock } from "../clock.js";
import type { Db } from "../db/client.js";
import type { KindRegistry } from "../kinds/registry.js";
import type { Logger } from "../log.js";
import type { QuietHours } from "../outbox/quiet-hours.js";
import { type DeadlineRule, deadlineOf, hasDeadline, next, type PeriodType, periodOf, previous } from "../reports/periods.js";
import { localDate } from "../time/zoned.js";
import type { Calendar } from "./calendar.js";
import type { FiringContext } from "./phrases.js";
import type { Retention } from "./retention.js";

export type ScheduleDeps = {
  db: Db;
  /** The report kinds reminders chase and digests speak of. */
  kinds: KindRegistry;
  clock: Clock;
  tz: string;
  quiet: QuietHours;
  escalateAfter: number;
  graceHours: number;
  /** How long records that only serve a while are kept (default DEFAULT_RETENTION). */
  retention?: Retention;
  /** The CJK font file digests' charts are drawn with (CHART_FONT); null or absent: digests go as words only. */
  chartFont?: string | null;
  /**
   * Of these people, those a personal message can reach — present only when the intelligent bot sends
   * instead of an app (it may write only to people who have written to it); absent: everyone.
   */
  reachable?: (userids: string[]) => Promise<Set<string>>;
  /** Wake the outbox worker after enqueueing. */
  kick: () => void;
  logger?: Logger;
};

export function firingContext(tz: string, calendar: Calendar, kind?: { periodType: PeriodType; deadline: DeadlineRule }): FiringContext {
  return {
    tz,
    isWorkday: (d) => calendar.isWorkday(d),
    deadlinesFrom: (from, n) => {
      if (!kind || !hasDeadline(kind.deadline)) return [];
      const out: Date[] = [];
      let p = previous(periodOf(kind.periodType, localDate(from, tz)));
      for (let i = 0; i < n + 2; i++, p = next(p)) {
        const d = deadlineOf(kind.deadline, p, tz);
        if (d && d > from) out.push(d);
      }
      return out.slice(0, n);
    },
  };
}
