/**
 * The export benchmark's measured part, in a process of its own (its peak RSS, VmHWM, is the export's):
 * BENCH_MODE=export builds the XLSX of 52 weeks of 安全检查 for every unit; BENCH_MODE=floor reads the
 * same rows the same way (who owes, who reported, every report's answers, period by period) and writes
 * nothing — what any export must at least do.
 */
import { readFileSync } from "node:fs";
import { openDatabase } from "../../src/db/client.js";
import { buildExport } from "../../src/exports/export.js";
import { kindSheet } from "../../src/exports/report-export.js";
import { type FormKind, hasForm } from "../../src/kinds/kind.js";
import { KindRegistry } from "../../src/kinds/registry.js";
import { type Period, previous, weekOf } from "../../src/reports/periods.js";
import { localDate } from "../../src/time/zoned.js";

const tz = "Asia/Shanghai";
const db = await openDatabase(process.env.DATABASE_URL as string);
const now = new Date(process.env.BENCH_NOW as string);
const k = KindRegistry.builtin().byId("safety");
if (!k || !hasForm(k)) throw new Error("no safety kind");
const weeks: Period[] = [];
for (let w = previous(weekOf(localDate(now, tz))); weeks.length < 52; w = previous(w)) weeks.unshift(w);
const t0 = performance.now();
let rows = 0;
let bytes = 0;
if (process.env.BENCH_MODE === "floor") {
  const sheet = await kindSheet(db.prisma, k as FormKind, weeks, null, now, tz);
  for await (const _ of sheet.rows as AsyncIterable<unknown>) rows++;
} else {
  const f = await buildExport(db.prisma, { what: k as FormKind, periods: weeks, label: "bench", scope: null, who: "溧阳市" }, now, tz);
  rows = f.rows;
  bytes = f.file.size;
}
const seconds = (performance.now() - t0) / 1000;
const hwm = Number(/VmHWM:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? 0);
await db.close();
console.log(JSON.stringify({ seconds, peakRssMb: Math.round(hwm / 1024), rows, bytes }));
