import { defineConfig } from "vitest/config";

/**
 * Pure unit tests run once. Tests that touch the database run on SQLite, and
 * again on PostgreSQL when TEST_PG_URL is set. Each such project migrates once
 * into a template (test/support/global-setup.ts); each test file gets a copy.
 */
const pg = process.env.TEST_PG_URL;
const dbProject = (provider: "sqlite" | "postgresql") => ({
  test: {
    name: provider,
    include: ["test/integration/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    env: { TEST_DB_PROVIDER: provider },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

export default defineConfig({
  test: {
    projects: [
      { test: { name: "unit", include: ["test/unit/**/*.test.ts"] } },
      dbProject("sqlite"),
      ...(pg ? [dbProject("postgresql")] : []),
    ],
  },
});
