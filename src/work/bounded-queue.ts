/**
 * Heavy work run a few at a time, process-wide: dashboard pages and exports queue here, so that however many
 * officers reload or export at once, the event loop keeps turning for WeCom's callbacks (each must be answered
 * within 5 s). A job waits its turn in order; when too many wait, it is refused at once (the caller says "try
 * again in a moment") rather than piling up memory and time.
 */

export class QueueFull extends Error {
  constructor(readonly waiting: number) {
    super(`${waiting} jobs are waiting`);
  }
}

export class BoundedQueue {
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(
    /** Jobs run at once. */
    readonly concurrency: number,
    /** Jobs allowed to wait; one more is refused (QueueFull). */
    readonly maxWaiting: number,
  ) {}

  /** How many a new job would have ahead of it: those running and those waiting. */
  ahead(): number {
    return this.#running + this.#waiting.length;
  }

  /** Runs `job` when its turn comes; throws QueueFull when `maxWaiting` already wait. */
  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.#running >= this.concurrency) {
      if (this.#waiting.length >= this.maxWaiting) throw new QueueFull(this.#waiting.length);
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else this.#running++;
    try {
      return await job();
    } finally {
      const next = this.#waiting.shift();
      // The slot passes straight to the next in line (the count of running jobs stays).
      if (next) next();
      else this.#running--;
    }
  }
}
