/**
 * The dashboard's overview for 2,000 and 20,000 units with a year of reports (the digest bench's
 * history), rendered for a viewer in a process of its own; its floor is this week's status alone.
 */
import { runChild } from "./lib/children.js";
import { benchDatabase, seedHistory, seedSchools } from "./lib/data.js";

const TZ = "Asia/Shanghai";

export async function dashboardBench(sizes = [2000, 20_000]): Promise<Record<string, number | string>[]> {
  const now = new Date("2022-11-09T09:00:00Z");
  const out: Record<string, number | string>[] = [];
  for (const n of sizes) {
    const b = await benchDatabase("sqlite");
    try {
      await seedSchools(b.db, n);
      const [here, there] = await Promise.all([
        seedHistory(b.db, now, TZ, { index: 0, of: 2 }),
        runChild("bench/servers/seed-history.ts", { DATABASE_URL: b.url, BENCH_NOW: now.toISOString(), BENCH_PART: "1/2" }),
      ]);
      const m = (await runChild("bench/servers/overview-once.ts", { DATABASE_URL: b.url, BENCH_NOW: now.toISOString() })) as {
        seconds: number;
        floor: number;
        bytes: number;
        peakRssMb: number;
      };
      const r = (x: number) => Math.round(x * 1000) / 1000;
      out.push({
        units: n,
        reports: here + (there as { rows: number }).rows,
        "overview s": r(m.seconds),
        "floor s (this week's status)": r(m.floor),
        "÷ floor": Math.round((m.seconds / m.floor) * 10) / 10,
        "page KB": Math.round(m.bytes / 1024),
        "peak RSS MB": m.peakRssMb,
      });
    } finally {
      await b.drop();
    }
  }
  return out;
}
