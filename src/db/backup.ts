/**
 * Backups of the embedded SQLite database. `backup` copies it with
 * `VACUUM INTO` while the bot runs: one read transaction, so a consistent
 * snapshot (the WAL included) that writers never restart — SQLite's online
 * backup API starts over whenever another connection writes between its
 * steps, and under a steady stream of messages it never finished. It runs in
 * a worker thread so the process it is called from keeps serving, and the
 * copy is checked. `restore` puts one back, only with the bot
 * stopped, only a file that is a backup of this schema (its migrations are
 * this build's, or an earlier prefix of them: start migrates it forward), and
 * keeps the database it replaces beside it. PostgreSQL: pg_dump / pg_restore.
 */
import { copyFileSync, existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";
import Database from "better-sqlite3";
import { sqlitePath } from "./adapters.js";
import { PRISMA_DIR } from "./providers.js";

export class BackupError extends Error {}

/** The migrations this build knows, oldest first. */
export function knownMigrations(): string[] {
  const dir = path.join(PRISMA_DIR, "sqlite", "migrations");
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

export type BackupSummary = {
  file: string;
  bytes: number;
  migrations: number;
  reports: number;
  people: number;
  /** When the latest report was submitted, or null when there is none. */
  lastReportAt: Date | null;
};

/** A DateTime as SQLite holds it for Prisma: milliseconds since the epoch, or an ISO string. */
function instant(v: unknown): Date | null {
  const d = typeof v === "number" || typeof v === "bigint" ? new Date(Number(v)) : typeof v === "string" ? new Date(v) : null;
  return d && !Number.isNaN(d.getTime()) ? d : null;
}

function summarize(file: string): BackupSummary {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const ok = db.pragma("integrity_check", { simple: true });
    if (ok !== "ok") throw new BackupError(`${file} 未通过完整性检查：${String(ok)}`);
    const migrations = (
      db.prepare("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL").all() as { migration_name: string }[]
    ).map((r) => r.migration_name);
    const one = (sql: string) => (db.prepare(sql).get() as Record<string, unknown> | undefined) ?? {};
    return {
      file,
      bytes: statSync(file).size,
      migrations: migrations.length,
      reports: Number(one("SELECT count(*) AS n FROM Report").n ?? 0),
      people: Number(one("SELECT count(*) AS n FROM Person").n ?? 0),
      lastReportAt: instant(one("SELECT max(submittedAt) AS t FROM Report").t),
    };
  } finally {
    db.close();
  }
}

/** Copies the live database `url` to `file` (which must not exist) while the bot may be running. */
export async function backupSqlite(url: string, file: string): Promise<BackupSummary> {
  const live = sqlitePath(url);
  if (!existsSync(live)) throw new BackupError(`数据库文件 ${live} 不存在`);
  if (existsSync(file)) throw new BackupError(`${file} 已存在：请换一个文件名（备份不会覆盖已有文件）`);
  await vacuumInto(live, file).catch((err) => {
    rmSync(file, { force: true }); // a half-written copy is no backup
    throw err;
  });
  return summarize(file);
}

const VACUUM_WORKER = `
const { workerData, parentPort } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.live, { readonly: true, fileMustExist: true, timeout: 10000 });
try { db.prepare("VACUUM INTO ?").run(workerData.file); } finally { db.close(); }
parentPort.postMessage("done");
`;

/** `VACUUM INTO file` on a read-only connection to `live`, off the calling thread. */
function vacuumInto(live: string, file: string): Promise<void> {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  return new Promise((resolve, reject) => {
    const worker = new Worker(VACUUM_WORKER, { eval: true, workerData: { driver, live, file } });
    let done = false;
    worker.once("message", () => {
      done = true;
    });
    worker.once("error", reject);
    worker.once("exit", (code) =>
      done ? resolve() : reject(new BackupError(`备份没有完成（退出码 ${code}）：${file} 可能不完整，请删除后重试`)),
    );
  });
}

/** Whether a backup's migrations are this build's (or an earlier prefix of them). */
function checkSchema(file: string): void {
  let names: string[];
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      names = (
        db.prepare("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name").all() as {
          migration_name: string;
        }[]
      ).map((r) => r.migration_name);
    } finally {
      db.close();
    }
  } catch {
    throw new BackupError(`${file} 不是本系统的备份（不是 SQLite 数据库，或没有迁移记录）`);
  }
  const known = knownMigrations();
  const unknown = names.filter((n) => !known.includes(n));
  if (names.length === 0 || unknown.length) {
    throw new BackupError(
      unknown.length
        ? `${file} 来自更新的版本（含本版本没有的迁移：${unknown.join("、")}）：请先升级本系统再恢复`
        : `${file} 不是本系统的备份（没有迁移记录）`,
    );
  }
  if (names.some((n, i) => n !== known[i])) throw new BackupError(`${file} 的迁移记录与本版本不一致，不能恢复`);
}

/** Refuses while any process (the bot) has the database open. */
function ensureStopped(live: string): void {
  if (!existsSync(live)) return;
  const probe = new Database(live, { timeout: 0 });
  try {
    probe.pragma("locking_mode = EXCLUSIVE");
    probe.exec("BEGIN EXCLUSIVE");
    probe.exec("COMMIT");
  } catch {
    throw new BackupError("数据库正被使用（机器人仍在运行？）：请先停止机器人，再恢复备份");
  } finally {
    probe.close();
  }
}

/** Puts `file` in place of the database `url`; the replaced database is kept as `<db>.before-restore-<time>`. */
export async function restoreSqlite(url: string, file: string, now = new Date()): Promise<BackupSummary & { keptAs: string | null }> {
  const live = sqlitePath(url);
  if (!existsSync(file)) throw new BackupError(`找不到备份文件 ${file}`);
  checkSchema(file);
  summarize(file);
  ensureStopped(live);
  let keptAs: string | null = null;
  if (existsSync(live)) {
    keptAs = `${live}.before-restore-${now.toISOString().replace(/[:.]/g, "-")}`;
    const current = new Database(live, { fileMustExist: true });
    try {
      await current.backup(keptAs); // includes what is still in the WAL
    } finally {
      current.close();
    }
  }
  for (const suffix of ["-wal", "-shm", "-journal"]) rmSync(live + suffix, { force: true });
  copyFileSync(file, live);
  return { ...summarize(live), keptAs };
}
