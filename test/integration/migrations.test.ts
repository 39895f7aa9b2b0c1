import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { composeSchema } from "../../src/db/compose.js";
import { migrate, NO_FILTERS, readMigrations, withEngine } from "../../src/db/migrate.js";
import { MODELS_FILE, PROVIDERS, schemaFile } from "../../src/db/providers.js";
import { missingMigrationSql } from "../../src/db/schema-diff.js";
import { runEngine } from "../../src/db/schema-engine.js";
import { importRoster } from "../../src/roster/import-roster.js";
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

  it("carries each form in progress over when the form state becomes text: the same state, the same version", async () => {
    const { url, remove } = await emptyDatabaseUrl();
    cleanups.push(remove);
    // The database as it was before the change: every migration up to it.
    const all = readMigrations(provider);
    const before = { ...all, migrationDirectories: all.migrationDirectories.filter((d) => d.path < "20261202163946") };
    await withEngine(url, (engine) => runEngine(() => engine.applyMigrations({ migrationsList: before, filters: NO_FILTERS })));
    const state = { v: 1, form: "safety", answers: { lifePassage: true, note: '楼道"杂物"' }, history: [], cursor: null };
    let db = await openDatabase(url);
    try {
      await importRoster(db.prisma, path.join(import.meta.dirname, "..", "fixtures", "roster-good.csv"));
      const person = await db.prisma.person.findFirstOrThrow({ where: { useridKey: "t_p1" } });
      await db.prisma.$executeRawUnsafe(
        `INSERT INTO "Conversation" ("personId", "state", "version", "expiresAt", "updatedAt") VALUES (${person.id}, '${JSON.stringify(state)}', 3, '2030-01-01T00:00:00.000+00:00', '2030-01-01T00:00:00.000+00:00')`,
      );
    } finally {
      await db.close();
    }
    expect(await migrate(url)).toContain("20261202163946_conversation_state_text");
    db = await openDatabase(url);
    try {
      const row = await db.prisma.conversation.findFirstOrThrow();
      expect(typeof row.state).toBe("string");
      expect(JSON.parse(row.state)).toEqual(state);
      expect(row.version).toBe(3);
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
