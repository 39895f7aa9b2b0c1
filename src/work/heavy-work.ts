/**
 * Runs the heavy jobs (heavy-jobs.ts) in a worker thread with its own database connection — SQLite's WAL lets it
 * read beside the main connection, PostgreSQL gives it its own pool — one job at a time per line: one line for
 * the dashboard's pages, one for exports (so a long export never holds a page). The main thread's event loop is
 * left to WeCom's callbacks. A thread that dies is started again for the next job; where no thread can start,
 * jobs run in the process (as in most tests: `threads: false`).
 */
import { Worker } from "node:worker_threads";
import type { Db } from "../db/client.js";
import { KindRegistry } from "../kinds/registry.js";
import type { Logger } from "../log.js";
import { BoundedQueue } from "./bounded-queue.js";
import { HEAVY_JOBS, type HeavyJobs, type JobEnv, type JobName } from "./heavy-jobs.js";

/** The worker's entry: registers tsx (the project runs its TypeScript as it is), then starts heavy-worker.ts. */
const BOOT = new URL("./heavy-boot.mjs", import.meta.url);

type Pending = { resolve(v: unknown): void; reject(e: Error): void };

/** One worker thread and the jobs sent to it. */
class Thread {
  #worker: Worker | null = null;
  #next = 1;
  readonly #pending = new Map<number, Pending>();

  constructor(
    private readonly databaseUrl: string,
    private readonly logger?: Logger,
  ) {}

  #start(): Worker {
    const w = new Worker(BOOT, { execArgv: [], workerData: { databaseUrl: this.databaseUrl } });
    w.unref();
    w.on("message", (m: { id: number; ok: boolean; result?: unknown; error?: string }) => {
      const p = this.#pending.get(m.id);
      if (!p) return;
      this.#pending.delete(m.id);
      if (m.ok) p.resolve(m.result);
      else p.reject(new Error(m.error ?? "heavy job failed"));
    });
    const fail = (err: Error) => {
      this.logger?.error({ err: err.message }, "heavy-work thread stopped");
      this.#worker = null;
      for (const p of this.#pending.values()) p.reject(err);
      this.#pending.clear();
    };
    w.on("error", fail);
    w.on("exit", (code) => {
      if (this.#worker === w) fail(new Error(`heavy-work thread exited (${code})`));
    });
    return w;
  }

  run<K extends JobName>(job: K, args: HeavyJobs[K]["args"]): Promise<HeavyJobs[K]["result"]> {
    this.#worker ??= this.#start();
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.#worker?.postMessage({ id, job, args });
    });
  }

  async stop(): Promise<void> {
    const w = this.#worker;
    this.#worker = null;
    if (w) await w.terminate();
  }
}

export type HeavyWorkOptions = {
  /** The database the threads open (their own connection). */
  databaseUrl: string;
  /** Run in worker threads (production, the simulator, the soak); false: in this process (tests). */
  threads: boolean;
  /** Pages waiting for their turn, at most; exports waiting, at most (one more of either is told to come back). */
  pagesWaiting?: number;
  exportsWaiting?: number;
  logger?: Logger;
  /** The report kinds, for jobs run in this process (default: the built-in ones). */
  kinds?: KindRegistry;
};

export class HeavyWork {
  /** The dashboard's pages, one at a time (on their own thread). */
  readonly pages: BoundedQueue;
  /** Exports from the chat and the dashboard, one at a time (on their own thread). */
  readonly exports: BoundedQueue;
  readonly #pageThread: Thread | null;
  readonly #exportThread: Thread | null;

  /** The report kinds jobs run in this process use (a thread keeps its own, read from the same database). */
  readonly kinds: KindRegistry;

  constructor(
    private readonly db: Db,
    o: HeavyWorkOptions,
  ) {
    this.kinds = o.kinds ?? KindRegistry.builtin();
    this.pages = new BoundedQueue(1, o.pagesWaiting ?? 20);
    this.exports = new BoundedQueue(1, o.exportsWaiting ?? 20);
    this.#pageThread = o.threads ? new Thread(o.databaseUrl, o.logger) : null;
    this.#exportThread = o.threads ? new Thread(o.databaseUrl, o.logger) : null;
  }

  /** A page's HTML, in the pages' line. Throws QueueFull when too many wait. */
  page<K extends Exclude<JobName, "export">>(job: K, args: HeavyJobs[K]["args"]): Promise<string> {
    return this.pages.run(() => this.#run(this.#pageThread, job, args) as Promise<string>);
  }

  /** An export's file, in the exports' line. Throws QueueFull when too many wait. */
  export(args: HeavyJobs["export"]["args"]): Promise<HeavyJobs["export"]["result"]> {
    return this.exports.run(() => this.#run(this.#exportThread, "export", args));
  }

  #run<K extends JobName>(thread: Thread | null, job: K, args: HeavyJobs[K]["args"]): Promise<HeavyJobs[K]["result"]> {
    if (thread) return thread.run(job, args);
    return (HEAVY_JOBS[job] as (env: JobEnv, a: HeavyJobs[K]["args"]) => Promise<HeavyJobs[K]["result"]>)(
      { db: this.db, kinds: this.kinds },
      args,
    );
  }

  async stop(): Promise<void> {
    await this.#pageThread?.stop();
    await this.#exportThread?.stop();
  }
}
