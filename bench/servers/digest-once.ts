/**
 * Renders the weekly digest of an existing database in a process of its own,
 * so its peak RSS (VmHWM) is the digest's alone, not the seeding's: once to warm
 * the query plans, then timed.
 */
import { readFileSync } from "node:fs";
import { openDatabase } from "../../src/db/client.js";
import { KindRegistry } from "../../src/kinds/registry.js";
import { renderWeekly } from "../../src/schedule/digests.js";

const db = await openDatabase(process.env.DATABASE_URL as string);
const now = new Date(process.env.BENCH_NOW as string);
const tz = "Asia/Shanghai";
const kinds = KindRegistry.builtin();
await renderWeekly(db.prisma, kinds, now, tz);
const t0 = performance.now();
const text = await renderWeekly(db.prisma, kinds, now, tz);
const seconds = (performance.now() - t0) / 1000;
const hwm = Number(/VmHWM:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? 0);
await db.close();
console.log(JSON.stringify({ seconds, peakRssMb: Math.round(hwm / 1024), bytes: Buffer.byteLength(text) }));
