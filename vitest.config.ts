import { existsSync } from "node:fs";
import { defineConfig } from "vitest/config";

/**
 * Pure unit tests run once. Tests that touch the database run on SQLite, and
 * again on PostgreSQL when TEST_PG_URL is set. Each such project migrates once
 * into a template (test/support/global-setup.ts); each test file gets a copy.
 */
const pg = process.env.TEST_PG_URL;
if (!pg)
  console.warn("note: TEST_PG_URL is not set, so the database tests run on SQLite only; set it to a PostgreSQL URL to run them there too");
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

/** The browser test runs where Debian's chromium is installed (.ci/run installs it). */
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const browser = existsSync(chromium);
if (!browser) console.warn(`note: ${chromium} not found, so the browser test (test/e2e) does not run; apt-get install chromium to run it`);

export default defineConfig({
  test: {
    projects: [
      { test: { name: "unit", include: ["test/unit/**/*.test.ts"] } },
      dbProject("sqlite"),
      ...(pg ? [dbProject("postgresql")] : []),
      ...(browser ? [{ test: { name: "e2e", include: ["test/e2e/**/*.test.ts"], testTimeout: 120_000, hookTimeout: 120_000 } }] : []),
    ],
  },
});
