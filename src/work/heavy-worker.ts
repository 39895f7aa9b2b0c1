/**
 * Inside a heavy-work thread: its own database connection (from workerData) and report kinds, and each job the main thread sends
 * run in turn and answered with its result or its error's message.
 */
import { parentPort, workerData } from "node:worker_threads";
import { openDatabase } from "../db/client.js";
import { KindRegistry } from "../kinds/registry.js";
import { HEAVY_JOBS, type JobEnv, type JobName } from "./heavy-jobs.js";

const { databaseUrl } = workerData as { databaseUrl: string };
const db = await openDatabase(databaseUrl);
const kinds = KindRegistry.builtin();

parentPort?.on("message", async (m: { id: number; job: JobName; args: never }) => {
  try {
    const run = HEAVY_JOBS[m.job] as (env: JobEnv, a: never) => Promise<unknown>;
    // The kinds as the database has them (a kind loaded since the last job): at most one small query per two seconds.
    await kinds.refresh(db.prisma, new Date());
    const result = await run({ db: db.prisma, kinds }, m.args);
    parentPort?.postMessage({ id: m.id, ok: true, result });
  } catch (err) {
    parentPort?.postMessage({ id: m.id, ok: false, error: err instanceof Error ? err.message : String(err) });
  }
});
