/** Time, injected: every module that asks "what time is it" takes a Clock. */
export type Clock = {
  now(): Date;
  /** Resolves after `ms` of this clock's time (a test clock may resolve at once). */
  sleep(ms: number): Promise<void>;
};

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** A clock tests move by hand; sleeping advances it instead of waiting. */
export class ManualClock implements Clock {
  #t: number;
  constructor(start: Date | string | number = "2022-03-07T01:00:00Z") {
    this.#t = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.#t);
  }
  set(t: Date | string | number): void {
    this.#t = new Date(t).getTime();
  }
  advance(ms: number): void {
    this.#t += ms;
  }
  async sleep(ms: number): Promise<void> {
    this.#t += Math.max(0, ms);
    await Promise.resolve();
  }
}
