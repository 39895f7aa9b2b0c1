/**
 * Inside a heavy-work thread: its own database connection (from workerData), and each job the main thread sends
 * run in turn and answered with its result or its error's message.
 */
import { parentPort, workerData } from "node:worker_threads";
import { openDatabase } from "../db/client.js";
import { HEAVY_JOBS, type JobName } from "./heavy-jobs.js";

const { databaseUrl } = workerData as { databaseUrl: string };
const db = await openDatabase(databaseUrl);

parentPort?.on("message", async (m: { id: number; job: JobName; args: never }) => {
  try {
    const run = HEAVY_JOBS[m.job] as (d: typeof db.prisma, a: never) => Promise<unknown>;
    const result = await run(db.prisma, m.args);
    parentPort?.postMessage({ id: m.id, ok: true, result });
  } catch (err) {
    parentPort?.postMessage({ id: m.id, ok: false, error: err instanceof Error ? err.message : String(err) });
  }
});
