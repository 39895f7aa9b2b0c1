import { describe, expect, it } from "vitest";
import { BoundedQueue, QueueFull } from "../../src/work/bounded-queue.js";

describe("heavy work, a few at a time", () => {
  it("runs at most `concurrency` jobs at once, the rest in their order, and refuses one past the waiting limit", async () => {
    const q = new BoundedQueue(2, 3);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const releases: (() => void)[] = [];
    const job = (i: number) =>
      q.run(async () => {
        running++;
        most = Math.max(most, running);
        await new Promise<void>((r) => releases.push(r));
        order.push(i);
        running--;
        return i;
      });
    const jobs = [0, 1, 2, 3, 4].map(job);
    expect(q.ahead()).toBe(5);
    await expect(job(5)).rejects.toBeInstanceOf(QueueFull);
    while (order.length < 5) {
      await new Promise((r) => setTimeout(r, 1));
      releases.shift()?.();
    }
    expect(await Promise.all(jobs)).toEqual([0, 1, 2, 3, 4]);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
    expect(q.ahead()).toBe(0);
  });

  it("frees the slot when a job fails", async () => {
    const q = new BoundedQueue(1, 0);
    await expect(q.run(async () => Promise.reject(new Error("x")))).rejects.toThrow("x");
    expect(await q.run(async () => 7)).toBe(7);
  });
});
