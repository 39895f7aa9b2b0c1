/**
 * Digest scale: the weekly digest for 150, 2,000 and 20,000 units with a year
 * of reports — seeded here (by two processes), rendered and measured in a process of its own.
 */
import { runChild } from "./lib/children.js";
import { benchDatabase, seedHistory, seedSchools } from "./lib/data.js";

const TZ = "Asia/Shanghai";

export async function digestBench(sizes = [150, 2000, 20_000]): Promise<Record<string, number | string>[]> {
  const out: Record<string, number | string>[] = [];
  const now = new Date("2022-11-09T09:00:00Z");
  for (const n of sizes) {
    const b = await benchDatabase("sqlite");
    try {
      const seedStart = performance.now();
      await seedSchools(b.db, n);
      // Two processes share the seeding (the work is Prisma's CPU, the two cores are otherwise idle).
      const [here, there] = await Promise.all([
        seedHistory(b.db, now, TZ, { index: 0, of: 2 }),
        runChild("bench/servers/seed-history.ts", { DATABASE_URL: b.url, BENCH_NOW: now.toISOString(), BENCH_PART: "1/2" }),
      ]);
      const reports = here + (there as { rows: number }).rows;
      const seedSeconds = (performance.now() - seedStart) / 1000;
      const m = (await runChild("bench/servers/digest-once.ts", { DATABASE_URL: b.url, BENCH_NOW: now.toISOString() })) as {
        seconds: number;
        peakRssMb: number;
        bytes: number;
      };
      out.push({
        units: n,
        reports,
        "seed s": Math.round(seedSeconds),
        "weekly digest s": Math.round(m.seconds * 1000) / 1000,
        "digest process peak RSS MB": m.peakRssMb,
        "digest bytes": m.bytes,
      });
    } finally {
      await b.drop();
    }
  }
  return out;
}
