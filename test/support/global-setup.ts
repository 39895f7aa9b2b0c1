/**
 * Once per project run: migrate a template database. SQLite: a file that
 * each test file copies. PostgreSQL: a TEMPLATE database that each test file
 * clones with CREATE DATABASE … TEMPLATE. Everything is removed afterwards.
 */
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { migrate } from "../../src/db/migrate.js";
import { ROOT } from "../../src/db/providers.js";

declare module "vitest" {
  export interface ProvidedContext {
    templateUrl: string;
    runId: string;
  }
}

export const TMP_DIR = path.join(ROOT, "test", ".tmp");

export default async function setup(project: TestProject) {
  const provider = project.config.env?.TEST_DB_PROVIDER ?? "sqlite";
  const runId = `${process.pid}_${Date.now().toString(36)}`;
  project.provide("runId", runId);
  if (provider === "sqlite") {
    const dir = path.join(TMP_DIR, runId);
    mkdirSync(dir, { recursive: true });
    const url = `file:${path.join(dir, "template.db")}`;
    await migrate(url);
    project.provide("templateUrl", url);
    return () => rmSync(dir, { recursive: true, force: true });
  }
  const server = process.env.TEST_PG_URL as string;
  const name = `webot_tpl_${runId}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  project.provide("templateUrl", url.toString());
  return async () => {
    const c = new pg.Client({ connectionString: server });
    await c.connect();
    const { rows } = await c.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [`webot_%${runId}%`]);
    for (const r of rows) await c.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
    await c.end();
  };
}
