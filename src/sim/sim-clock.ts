/** The simulator's clock: real time plus an offset the page can move forward (kept across restarts by the simulator). */
import type { Clock } from "../clock.js";

export class SimClock implements Clock {
  #offset = 0;
  now(): Date {
    return new Date(Date.now() + this.#offset);
  }
  sleep(ms: number): Promise<void> {
    return new Promise((r) => setTimeout(r, ms));
  }
  advance(ms: number): void {
    if (ms > 0) this.#offset += ms;
  }
  /** Moves to `at` if it lies ahead. */
  moveTo(at: Date): void {
    this.advance(at.getTime() - this.now().getTime());
  }
}
