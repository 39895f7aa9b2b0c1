/**
 * The dashboard's overview of an existing database for a viewer (every unit), in a process of its own:
 * warmed once, then timed; beside it the floor — the one read any overview needs (this week's status).
 */
import { readFileSync } from "node:fs";
import { openDatabase } from "../../src/db/client.js";
import { KindRegistry } from "../../src/kinds/registry.js";
import { openPeriod } from "../../src/reports/periods.js";
import { periodStatus } from "../../src/reports/status.js";
import { overviewPage } from "../../src/web/pages/overview.js";

const tz = "Asia/Shanghai";
const db = await openDatabase(process.env.DATABASE_URL as string);
const now = new Date(process.env.BENCH_NOW as string);
const kinds = KindRegistry.builtin();
const safety = kinds.byId("safety");
if (!safety) throw new Error("no safety kind");
await overviewPage(db.prisma, kinds, null, now, tz);
let t0 = performance.now();
await periodStatus(db.prisma, safety, openPeriod(safety.periodType, safety.deadline, now, tz), now, tz);
const floor = (performance.now() - t0) / 1000;
t0 = performance.now();
const html = await overviewPage(db.prisma, kinds, null, now, tz);
const seconds = (performance.now() - t0) / 1000;
const hwm = Number(/VmHWM:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? 0);
await db.close();
console.log(JSON.stringify({ seconds, floor, bytes: html.html.length, peakRssMb: Math.round(hwm / 1024) }));
