/**
 * Two instances started at once on a new database (two processes behind one intelligent bot, say): both
 * load the bundled plan, one wins, the other carries on — neither fails to start, and the plan is there once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { seed } from "../../src/seed.js";
import { freshDatabase, type TestDatabase } from "../support/db.js";
import { memoryLogger } from "../support/log.js";

let db: TestDatabase;
beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(async () => {
  await db.drop();
});

describe("seeding from two instances at once", () => {
  it("loads the bundled plan once and lets both instances start", async () => {
    const other = await openDatabase(db.url);
    try {
      const { logger } = memoryLogger();
      await Promise.all([
        seed(db.prisma, { demo: false, logger }),
        seed(other.prisma, { demo: false, logger }),
        seed(db.prisma, { demo: false, logger }),
      ]);
      const plans = await db.prisma.plan.findMany();
      expect(plans.length).toBeGreaterThan(0);
      expect(new Set(plans.map((p) => p.year)).size).toBe(plans.length);
      const targets = await db.prisma.planTarget.count();
      await seed(other.prisma, { demo: false, logger });
      expect(await db.prisma.planTarget.count()).toBe(targets);
    } finally {
      await other.close();
    }
  });
});
