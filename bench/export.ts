/**
 * Exports and charts at scale: 20,000 units with 52 weeks of full 安全检查 reports (90 % of schools each
 * week, 936,000 reports) — the XLSX of the year, its floor (the same rows read, nothing written), and the
 * 周报's chart, each measured in a process of its own.
 */
import { runChild } from "./lib/children.js";
import { benchDatabase, seedHistory, seedSchools } from "./lib/data.js";

const TZ = "Asia/Shanghai";

export async function exportBench(units = 20_000): Promise<Record<string, number | string>[]> {
  const now = new Date("2022-11-09T09:00:00Z");
  const b = await benchDatabase("sqlite");
  try {
    const seedStart = performance.now();
    await seedSchools(b.db, units);
    const [here, there] = await Promise.all([
      seedHistory(b.db, now, TZ, { index: 0, of: 2 }, { full: true }),
      runChild("bench/servers/seed-history.ts", { DATABASE_URL: b.url, BENCH_NOW: now.toISOString(), BENCH_PART: "1/2", BENCH_FULL: "1" }),
    ]);
    const reports = here + (there as { rows: number }).rows;
    const seedSeconds = Math.round((performance.now() - seedStart) / 1000);
    const env = { DATABASE_URL: b.url, BENCH_NOW: now.toISOString() };
    type Run = { seconds: number; peakRssMb: number; rows: number; bytes: number };
    const floor = (await runChild("bench/servers/export-once.ts", { ...env, BENCH_MODE: "floor" })) as Run;
    const xlsx = (await runChild("bench/servers/export-once.ts", { ...env, BENCH_MODE: "export" })) as Run;
    const chart = (await runChild("bench/servers/chart-once.ts", env)) as {
      seconds: number;
      floor: number;
      bytes: number;
      peakRssMb: number;
    };
    const r = (x: number) => Math.round(x * 100) / 100;
    return [
      { what: "seed", units, reports, s: seedSeconds },
      { what: "export floor (rows read, nothing written)", rows: floor.rows, s: r(floor.seconds), "peak RSS MB": floor.peakRssMb },
      {
        what: "export XLSX, 52 weeks",
        rows: xlsx.rows,
        s: r(xlsx.seconds),
        "peak RSS MB": xlsx.peakRssMb,
        MB: r(xlsx.bytes / 1024 / 1024),
        "÷ floor": r(xlsx.seconds / floor.seconds),
      },
      { what: "周报 chart (figures + PNG)", s: r(chart.seconds), "peak RSS MB": chart.peakRssMb, KB: Math.round(chart.bytes / 1024) },
      { what: "chart floor (a one-bar PNG)", s: r(chart.floor), "÷ floor": r(chart.seconds / chart.floor) },
    ];
  } finally {
    await b.drop();
  }
}
