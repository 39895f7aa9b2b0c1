/** Reminder fan-out: non-responders for 20,000 people and their outbox rows. */
import { systemClock } from "../src/clock.js";
import { KindRegistry } from "../src/kinds/registry.js";
import { fireReminder } from "../src/schedule/reminders.js";
import { benchDatabase, seedSchools } from "./lib/data.js";
import { measure } from "./lib/stats.js";

export async function fanoutBench(people = 20_000): Promise<Record<string, number | string>> {
  const b = await benchDatabase("sqlite");
  try {
    await seedSchools(b.db, people);
    const at = new Date("2022-11-09T01:30:00Z");
    const deps = {
      db: b.db.prisma,
      kinds: KindRegistry.builtin(),
      clock: systemClock,
      tz: "Asia/Shanghai",
      quiet: null,
      escalateAfter: 2,
      graceHours: 2,
      kick: () => {},
    };
    const m = await measure(() => fireReminder(deps, { id: 1, kind: "safety", audience: "missing", groupId: null }, at, "bench:fanout"));
    const rows = await b.db.prisma.outbox.count();
    return {
      people: m.result.people,
      units: m.result.units,
      "outbox rows": rows,
      "fan-out s": Math.round(m.seconds * 1000) / 1000,
      "peak RSS MB": m.peakRssMb,
    };
  } finally {
    await b.drop();
  }
}
