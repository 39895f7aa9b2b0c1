import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { composeSchema } from "../../src/db/compose.js";
import { migrate, readMigrations } from "../../src/db/migrate.js";
import { MODELS_FILE, PROVIDERS, schemaFile } from "../../src/db/providers.js";
import { missingMigrationSql } from "../../src/db/schema-diff.js";
import { emptyDatabaseUrl, testProvider } from "../support/db.js";

const provider = testProvider();
const pgServer = process.env.TEST_PG_URL ?? "";
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

describe(`migrations on ${provider}`, () => {
  it("build every table from an empty database, and a second run applies nothing", async () => {
    const { url, remove } = await emptyDatabaseUrl();
    cleanups.push(remove);
    const applied = await migrate(url);
    expect(applied).toEqual(readMigrations(provider).migrationDirectories.map((d) => d.path));
    expect(await migrate(url)).toEqual([]);
    const db = await openDatabase(url);
    try {
      expect(await db.prisma.unit.count()).toBe(0);
      expect(await db.prisma.planTarget.count()).toBe(0);
      const rows = await db.prisma.$queryRawUnsafe<{ migration_name: string }[]>(
        'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL',
      );
      expect(rows.map((r) => r.migration_name).sort()).toEqual(applied);
    } finally {
      await db.close();
    }
  });

  it.skipIf(provider !== "sqlite")("sets WAL, synchronous=FULL and a busy timeout on SQLite", async () => {
    const { url, remove } = await emptyDatabaseUrl();
    cleanups.push(remove);
    await migrate(url);
    const db = await openDatabase(url);
    try {
      const [mode] = await db.prisma.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
      const [sync] = await db.prisma.$queryRawUnsafe<{ synchronous: bigint }[]>("PRAGMA synchronous");
      const [busy] = await db.prisma.$queryRawUnsafe<{ timeout: bigint }[]>("PRAGMA busy_timeout");
      expect(mode?.journal_mode).toBe("wal");
      expect(Number(sync?.synchronous)).toBe(2); // FULL
      expect(Number(busy?.timeout)).toBeGreaterThanOrEqual(5000);
    } finally {
      await db.close();
    }
  });
});

describe("the drift check", () => {
  it("finds each provider's schema.prisma composed from models.prisma as committed", () => {
    for (const p of PROVIDERS) expect(readFileSync(schemaFile(p), "utf8"), p).toBe(composeSchema(p));
  });

  it(`finds the committed ${provider} migrations in step with the models`, async () => {
    expect(await missingMigrationSql(provider, pgServer)).toBe("");
  });

  it(`fails when a model gains a field that no ${provider} migration adds`, async () => {
    const models = readFileSync(MODELS_FILE, "utf8").replace(
      '  township  String   @default("")',
      '  township  String   @default("")\n  driftProbe Int?',
    );
    expect(models).toContain("driftProbe");
    const sql = await missingMigrationSql(provider, pgServer, composeSchema(provider, models));
    expect(sql).toMatch(/ALTER TABLE "Unit" ADD COLUMN\s+"driftProbe" INTEGER/);
  });
});
