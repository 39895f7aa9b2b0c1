/**
 * The chart benchmark's measured part: the 周报's chart for the database's units (its figures read and
 * drawn), warmed once then timed; and beside it the floor — drawing a fixed one-bar chart (ECharts, resvg,
 * the font loaded), what any chart costs.
 */
import { readFileSync } from "node:fs";
import { digestChart } from "../../src/charts/digest-charts.js";
import { renderChart } from "../../src/charts/render.js";
import { loadConfig } from "../../src/config.js";
import { openDatabase } from "../../src/db/client.js";
import { KindRegistry } from "../../src/kinds/registry.js";

const tz = "Asia/Shanghai";
const db = await openDatabase(process.env.DATABASE_URL as string);
const now = new Date(process.env.BENCH_NOW as string);
const font = loadConfig({}).chartFont;
const kinds = KindRegistry.builtin();
const floorOption = { xAxis: { type: "category" as const, data: ["镇0"] }, yAxis: {}, series: [{ type: "bar" as const, data: [90] }] };
renderChart(floorOption, font);
await digestChart(db.prisma, kinds, "weekly", now, tz, font);
let t0 = performance.now();
renderChart(floorOption, font);
const floor = (performance.now() - t0) / 1000;
t0 = performance.now();
const png = await digestChart(db.prisma, kinds, "weekly", now, tz, font);
const seconds = (performance.now() - t0) / 1000;
const hwm = Number(/VmHWM:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? 0);
await db.close();
console.log(JSON.stringify({ seconds, floor, bytes: png?.length ?? 0, peakRssMb: Math.round(hwm / 1024), font }));
