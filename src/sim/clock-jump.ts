/**
 * The simulator's clock buttons (到本周截止, 到下周一, +1小时, +1天): the clock moves to the target as the real
 * clock would have passed through it — stopping at each reminder or digest due on the way and at each message
 * due to leave, firing and sending each once, in order. (A restarted bot fires only each job's latest missed
 * firing, within SCHEDULE_GRACE_HOURS: that rule is for downtime, not for a simulated week.)
 */
import type { Db } from "../db/client.js";
import type { OutboxWorker } from "../outbox/worker.js";
import type { Scheduler } from "../schedule/scheduler.js";
import type { SimClock } from "./sim-clock.js";

/** More stops than a month of every schedule a demo sets up; a jump never loops without end. */
const MAX_STOPS = 5_000;

export async function jumpTo(
  to: Date,
  d: { clock: SimClock; db: Db; scheduler: Scheduler; worker: OutboxWorker },
): Promise<{ stops: number }> {
  let stops = 0;
  for (; stops < MAX_STOPS; stops++) {
    const now = d.clock.now();
    const firing = await d.scheduler.nextDue(now);
    const sending = (
      await d.db.outbox.findFirst({
        where: { status: "pending", notBefore: { gt: now } },
        orderBy: { notBefore: "asc" },
        select: { notBefore: true },
      })
    )?.notBefore;
    const next = [firing, sending].filter((x): x is Date => !!x && x <= to).sort((a, b) => a.getTime() - b.getTime())[0];
    if (!next) break;
    d.clock.moveTo(next);
    if (firing && next.getTime() === firing.getTime()) await d.scheduler.tick();
    await d.worker.drain();
  }
  d.clock.moveTo(to);
  await d.scheduler.tick();
  await d.worker.drain();
  return { stops };
}
