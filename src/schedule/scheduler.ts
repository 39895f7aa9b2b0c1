/**
 * The scheduler: the reminders' and digests' rules compute their firings
 * from the injected clock in the bot's timezone; node-schedule only arms real
 * timers to call tick() at the next one. Each firing is recorded in the
 * database (unique job + time). A firing runs before it is recorded, and what
 * it enqueues is keyed by the firing, so running it twice (two instances, or a
 * crash in between) sends nothing twice. Firings missed — downtime, a
 * suspended machine, a clock that jumped — fire once, the latest of each job
 * and only within SCHEDULE_GRACE_HOURS; the others are recorded as skipped and
 * logged (docs/DESIGN.md, domain rules).
 */

import nodeSchedule from "node-schedule";
import { progressTexts } from "../../templates/progress.js";
import type { Config } from "../config.js";
import { isUniqueViolation } from "../db/errors.js";
import type { KindRegistry } from "../kinds/registry.js";
import type { Logger } from "../log.js";
import { enqueue } from "../outbox/enqueue.js";
import { adminUserids } from "../outbox/targets.js";
import { activePlan } from "../plan/load-plan.js";
import { localDate } from "../time/zoned.js";
import { loadCalendar } from "./calendar.js";
import { calendarNotices } from "./calendar-notice.js";
import { firingContext, type ScheduleDeps } from "./context.js";
import { fireAdminDigest, fireDigest } from "./digests.js";
import { nextFirings, type Rule, RuleSchema } from "./phrases.js";
import { fireReminder } from "./reminders.js";
import { DEFAULT_RETENTION, prune } from "./retention.js";

/** A scheduler from the configuration, waking `worker` after it enqueues. */
export function schedulerFor(
  db: ScheduleDeps["db"],
  config: Pick<Config, "timezone" | "quietHours" | "reminderEscalateAfter" | "scheduleGraceHours"> &
    Partial<Pick<Config, "retention" | "chartFont">>,
  clock: ScheduleDeps["clock"],
  worker: { kick(): void },
  logger: Logger | undefined,
  opts: { arm: boolean; kinds: KindRegistry; reachable?: ScheduleDeps["reachable"] },
): Scheduler {
  return new Scheduler(
    {
      db,
      kinds: opts.kinds,
      clock,
      tz: config.timezone,
      quiet: config.quietHours,
      escalateAfter: config.reminderEscalateAfter,
      graceHours: config.scheduleGraceHours,
      retention: config.retention ?? DEFAULT_RETENTION,
      chartFont: config.chartFont ?? null,
      kick: () => worker.kick(),
      ...(logger ? { logger } : {}),
      ...(opts.reachable ? { reachable: opts.reachable } : {}),
    },
    { arm: opts.arm },
  );
}

export const ADMIN_DIGEST_RULE: Rule = { type: "daily", hour: 8, minute: 10 };
export const RETENTION_RULE: Rule = { type: "daily", hour: 3, minute: 20 };

type Job = { key: string; rule: Rule; kind?: string; run: (at: Date, firingKey: string) => Promise<void> };

export class Scheduler {
  /** Firings run and missed firings skipped since start, for /metrics. */
  readonly stats = { fired: 0, skipped: 0 };
  #since: Date | null = null;
  #armed: nodeSchedule.Job[] = [];
  #poll: NodeJS.Timeout | null = null;
  #ticking: Promise<void> | null = null;
  #calendarCheckedAt: Date | null = null;

  constructor(
    private readonly deps: ScheduleDeps,
    private readonly opts: { arm: boolean } = { arm: true },
  ) {}

  async #jobs(): Promise<Job[]> {
    const { db } = this.deps;
    const jobs: Job[] = [
      // The admins' own daily note: failed deliveries and years without holiday data.
      { key: "admin-digest", rule: ADMIN_DIGEST_RULE, run: async (at, key) => void (await fireAdminDigest(this.deps, at, key)) },
      // Pruning what only serves for a while (src/schedule/retention.ts).
      {
        key: "retention",
        rule: RETENTION_RULE,
        run: async (at) => {
          const pruned = await prune(db, at, this.deps.retention ?? DEFAULT_RETENTION);
          this.deps.logger?.info(pruned, "pruned old records");
        },
      },
    ];
    for (const r of await db.reminder.findMany({ where: { paused: false } })) {
      const rule = RuleSchema.safeParse(r.rule);
      if (!rule.success) continue;
      jobs.push({
        key: `reminder:${r.id}`,
        rule: rule.data,
        kind: r.kind,
        run: async (at, key) => void (await fireReminder(this.deps, r, at, key)),
      });
    }
    for (const d of await db.digest.findMany({ where: { paused: false } })) {
      const rule = RuleSchema.safeParse(d.rule);
      if (!rule.success) continue;
      jobs.push({ key: `digest:${d.id}`, rule: rule.data, run: async (at, key) => void (await fireDigest(this.deps, d, at, key)) });
    }
    return jobs;
  }

  async #done(job: string, scheduledFor: Date): Promise<boolean> {
    return (await this.deps.db.firing.findUnique({ where: { job_scheduledFor: { job, scheduledFor } } })) !== null;
  }

  /** Records a firing; false when another instance recorded it first. */
  async #record(job: string, scheduledFor: Date, outcome: "fired" | "skipped"): Promise<boolean> {
    try {
      await this.deps.db.firing.create({ data: { job, scheduledFor, firedAt: this.deps.clock.now(), outcome } });
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }

  /** The earliest firing of any job after `from` (reminders, digests, the admins' note, pruning), or null. */
  async nextDue(from: Date): Promise<Date | null> {
    const calendar = await loadCalendar(this.deps.db);
    let first: Date | null = null;
    for (const job of await this.#jobs()) {
      const [at] = nextFirings(
        job.rule,
        from,
        1,
        firingContext(this.deps.tz, calendar, job.kind ? (this.deps.kinds.byId(job.kind) ?? undefined) : undefined),
      );
      if (at && (!first || at < first)) first = at;
    }
    return first;
  }

  /** Fires every firing due since the last tick. */
  tick(): Promise<void> {
    this.#ticking ??= this.#tick().finally(() => {
      this.#ticking = null;
    });
    return this.#ticking;
  }

  async #tick(): Promise<void> {
    const { clock, tz, graceHours, logger } = this.deps;
    const now = clock.now();
    // A kind loaded since the last tick is reminded of and summed up from this tick on.
    await this.deps.kinds.refresh(this.deps.db, now).catch(() => false);
    const graceStart = new Date(now.getTime() - graceHours * 3_600_000);
    const since = this.#since ?? new Date(now.getTime() - 48 * 3_600_000);
    const calendar = await loadCalendar(this.deps.db);
    const jobs = await this.#jobs();
    for (const job of jobs) {
      const ctx = firingContext(tz, calendar, job.kind ? (this.deps.kinds.byId(job.kind) ?? undefined) : undefined);
      const due = nextFirings(job.rule, since, 500, ctx).filter((t) => t <= now);
      for (const [i, at] of due.entries()) {
        if (await this.#done(job.key, at)) continue;
        // Only the latest due firing runs, on the first tick and after any jump alike: one round, one digest.
        const late = at < graceStart || i < due.length - 1;
        if (late) {
          if ((await this.#record(job.key, at, "skipped")) && ++this.stats.skipped)
            logger?.warn({ job: job.key, scheduledFor: at.toISOString() }, "missed firing skipped");
          continue;
        }
        // Run, then record: what a firing enqueues carries keys derived from it, so a second run (another
        // instance at the same moment, or a restart after a crash between the two) enqueues nothing new.
        try {
          await job.run(at, `${job.key}:${at.toISOString()}`);
          if ((await this.#record(job.key, at, "fired")) && ++this.stats.fired)
            logger?.info({ job: job.key, scheduledFor: at.toISOString() }, "fired");
        } catch (err) {
          logger?.error({ job: job.key, err: err instanceof Error ? err.message : String(err) }, "firing failed");
        }
      }
    }
    await this.#noticeCalendar(jobs, now);
    this.#since = now;
    if (this.opts.arm) await this.#arm(jobs, calendar);
  }

  /** Years without holiday data that a schedule will need soon (calendar-notice.ts), and an old plan in use: told to the admins, checked hourly. */
  async #noticeCalendar(jobs: Job[], now: Date): Promise<void> {
    if (this.#calendarCheckedAt && now.getTime() - this.#calendarCheckedAt.getTime() < 3_600_000) return;
    this.#calendarCheckedAt = now;
    await this.#noticePlan(now);
    const { db, tz } = this.deps;
    const rules = jobs
      .filter((j) => j.key.startsWith("reminder:") || j.key.startsWith("digest:"))
      .map((j) => ({ rule: j.rule, kind: j.kind ? (this.deps.kinds.byId(j.kind) ?? undefined) : undefined }));
    const created = new Set<number>();
    for (const n of await calendarNotices(db, rules, now, tz)) {
      try {
        await db.onceNotice.create({ data: { key: n.key, at: now } });
      } catch (err) {
        if (isUniqueViolation(err)) continue;
        throw err;
      }
      // Both due at once (first seen within the week): the one message says it.
      if (created.has(n.year)) continue;
      created.add(n.year);
      const admins = await adminUserids(db);
      if (!admins.length) continue;
      await enqueue(db, [{ channel: "app", target: admins.join("|"), msgtype: "text", content: n.text, dedupeKey: n.key }], {
        scheduledFor: now,
        quiet: this.deps.quiet,
        tz,
      });
      this.deps.kick();
    }
  }

  /** The plan in use is an earlier year's: the admins hear once a year how to load this year's (not every digest). */
  async #noticePlan(now: Date): Promise<void> {
    const { db, tz } = this.deps;
    const year = Number(localDate(now, tz).slice(0, 4));
    const plan = await activePlan(db, now, tz);
    if (!plan || plan.year >= year) return;
    const key = `plan-not-loaded-${year}`;
    if (await db.onceNotice.findUnique({ where: { key } })) return;
    const admins = await adminUserids(db);
    if (!admins.length) return;
    try {
      await db.onceNotice.create({ data: { key, at: now } });
    } catch (err) {
      if (isUniqueViolation(err)) return;
      throw err;
    }
    const text = progressTexts.planNotLoaded(year, plan.year);
    await enqueue(db, [{ channel: "app", target: admins.join("|"), msgtype: "text", content: text, dedupeKey: key }], {
      scheduledFor: now,
      quiet: this.deps.quiet,
      tz,
    });
    this.deps.kick();
  }

  async #arm(jobs: Job[], calendar: Awaited<ReturnType<typeof loadCalendar>>): Promise<void> {
    for (const j of this.#armed) j.cancel();
    this.#armed = [];
    const now = this.deps.clock.now();
    for (const job of jobs) {
      const [next] = nextFirings(
        job.rule,
        now,
        1,
        firingContext(this.deps.tz, calendar, job.kind ? (this.deps.kinds.byId(job.kind) ?? undefined) : undefined),
      );
      if (!next) continue;
      const armed = nodeSchedule.scheduleJob(next, () => void this.tick());
      if (armed) this.#armed.push(armed);
    }
  }

  /** Starts: catch-up tick, real timers, and a minute poll that picks up other instances' changes. */
  async start(): Promise<void> {
    await this.tick();
    this.#poll = setInterval(() => void this.tick(), 60_000);
    this.#poll.unref();
  }

  /** 提醒/摘要 测试: fires one now, whatever its schedule (its own dedupe key, so it never collides with a firing). */
  async fireNow(job: "reminder" | "digest", id: number): Promise<void> {
    const now = this.deps.clock.now();
    const key = `test:${job}:${id}:${now.toISOString()}`;
    // A test goes at once: the admin is watching for it.
    if (job === "reminder") {
      const r = await this.deps.db.reminder.findUnique({ where: { id } });
      if (r) await fireReminder(this.deps, r, now, key, { now: true });
    } else {
      const d = await this.deps.db.digest.findUnique({ where: { id } });
      if (d) await fireDigest(this.deps, d, now, key, { now: true });
    }
  }

  /** Admins changed a reminder or digest: re-arm without a restart. */
  async reload(): Promise<void> {
    if (this.#since === null) return;
    await this.tick();
  }

  async stop(): Promise<void> {
    if (this.#poll) clearInterval(this.#poll);
    for (const j of this.#armed) j.cancel();
    this.#armed = [];
    await this.#ticking;
  }
}
