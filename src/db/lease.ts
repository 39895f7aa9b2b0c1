/**
 * A lease in the database: the right for one process at a time to hold something that must exist once
 * (the intelligent bot's WebSocket: WeCom keeps one per bot, and two holders kick each other out for
 * ever). Taken when free or lapsed, renewed by its holder, released on stop; a process that dies simply
 * stops renewing, and another takes over once `ttlMs` has passed. One conditional write each time, safe on
 * SQLite and PostgreSQL alike (the losing writer's condition no longer holds when it gets the row).
 */
import { randomBytes } from "node:crypto";
import os from "node:os";
import type { Clock } from "../clock.js";
import type { Db } from "./client.js";
import { isUniqueViolation } from "./errors.js";

export class DbLease {
  /** Who this process is, as the lease row names it. */
  readonly holder = `${os.hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;

  constructor(
    private readonly db: Db,
    readonly name: string,
    readonly ttlMs: number,
    private readonly clock: Clock,
  ) {}

  /** Takes or renews the lease; false when another holder's is still running. */
  async take(): Promise<boolean> {
    const now = this.clock.now();
    const until = new Date(now.getTime() + this.ttlMs);
    const r = await this.db.lease.updateMany({
      where: { name: this.name, OR: [{ holder: this.holder }, { until: { lte: now } }] },
      data: { holder: this.holder, until },
    });
    if (r.count === 1) return true;
    try {
      await this.db.lease.create({ data: { name: this.name, holder: this.holder, until } });
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }

  /** Gives the lease up at once (a clean stop), if this process holds it. */
  async release(): Promise<void> {
    await this.db.lease.deleteMany({ where: { name: this.name, holder: this.holder } });
  }
}
