/**
 * `backup` / `restore` of the embedded database while the bot works, and
 * `db copy` from SQLite to PostgreSQL — through the CLI an operator uses.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportCliError, runCli } from "../../src/cli.js";
import { withScratchPgDatabase } from "../../src/db/adapters.js";
import { openDatabase } from "../../src/db/client.js";
import { COPY_ORDER } from "../../src/db/copy.js";
import { newMsgId } from "../../src/sim/callback-sender.js";
import { Chat } from "../support/chat.js";
import { testProvider } from "../support/db.js";
import { fillEveryTable } from "../support/every-table.js";
import { type Harness, wecomHarness } from "../support/wecom-harness.js";

const sqlite = testProvider() === "sqlite";
const SAFETY = ["是", "否", "3", "3", "3", "100", "100", "0", "跳过"];
let h: Harness;
let dir: string;
beforeAll(async () => {
  if (!sqlite) return;
  h = await wecomHarness();
  dir = mkdtempSync(path.join(os.tmpdir(), "backup-test-"));
});
afterAll(async () => {
  if (!sqlite) return;
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(args: string[], databaseUrl: string): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const out = { log: (s: string) => lines.push(s), error: (s: string) => lines.push(s) };
  const code = await runCli(args, { DATABASE_URL: databaseUrl }, out).catch((err) => reportCliError(err, out));
  return { code, out: lines.join("\n") };
}

const counts = async (url: string) => {
  const db = await openDatabase(url);
  try {
    return {
      dedupe: await db.prisma.inboundDedupe.count(),
      reports: await db.prisma.report.count(),
      last: (await db.prisma.report.findFirst({ orderBy: { submittedAt: "desc" } }))?.submittedAt.toISOString() ?? null,
    };
  } finally {
    await db.close();
  }
};

describe.runIf(sqlite)("backup and restore (SQLite)", () => {
  it("takes a consistent backup while messages pour in, and restores exactly what it holds", async () => {
    const p = new Chat(h, "t_p1");
    await p.say("安全检查");
    await p.script(...SAFETY);
    expect(await p.say("确认")).toContain("✅ 已提交");
    // Load: 5 people, each message a stored dedupe record, while the backup runs.
    let stop = false;
    const users = ["t_p2", "t_r1", "t_insp", "T_Admin", "t_p1"];
    const load = Promise.all(
      users.map(async (u) => {
        while (!stop) {
          const { query, body } = h.sender.seal(h.sender.textXml(u, "帮助", newMsgId()));
          await h.sender.post(query, body);
        }
      }),
    );
    await new Promise((r) => setTimeout(r, 300));
    const before = (await counts(h.db.url)).dedupe;
    const file = path.join(dir, "during-load.db");
    const b = await cli(["backup", file], h.db.url);
    const after = (await counts(h.db.url)).dedupe;
    // A second report after the backup: not in it.
    const r1 = new Chat(h, "t_p2");
    await r1.say("安全检查");
    stop = true;
    await load;
    expect(b.code).toBe(0);
    expect(b.out).toContain("已备份到");
    // The last report's time as an operator reads it: Beijing time in words, not a UTC ISO string.
    expect(b.out).toMatch(/最后一份提交于 \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}（北京时间）/);
    expect(b.out).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    const inBackup = await counts(`file:${file}`);
    expect(inBackup.dedupe).toBeGreaterThanOrEqual(before);
    expect(inBackup.dedupe).toBeLessThanOrEqual(after);
    expect(inBackup.reports).toBe(1);
    expect(inBackup.last).toBe((await counts(h.db.url)).last);
    expect(before).toBeLessThan(after); // the load really ran during the backup

    // Restoring refuses while the database is open (the bot runs), and never overwrites a backup.
    const refused = await cli(["restore", file], h.db.url);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain("请先停止机器人");
    expect((await cli(["backup", file], h.db.url)).out).toContain("已存在");

    // Restored into a stopped bot's database: exactly the backup's rows.
    const target = `file:${path.join(dir, "restored.db")}`;
    writeFileSync(path.join(dir, "restored.db"), "");
    const restored = await cli(["restore", file], target);
    expect(restored.code).toBe(0);
    expect(restored.out).toContain("原来的数据库另存为");
    expect(await counts(target)).toEqual(inBackup);
  });

  it("refuses to restore a file that is not a backup of this schema", async () => {
    const junk = path.join(dir, "junk.db");
    writeFileSync(junk, "not a database at all");
    const target = `file:${path.join(dir, "untouched.db")}`;
    expect((await cli(["restore", junk], target)).out).toContain("不是本系统的备份");
    const other = path.join(dir, "other-app.db");
    const db = new Database(other);
    db.exec("CREATE TABLE notes (x TEXT)");
    db.close();
    expect((await cli(["restore", other], target)).out).toContain("不是本系统的备份");
    const newer = path.join(dir, "newer.db");
    await cli(["backup", newer], h.db.url);
    const n = new Database(newer);
    n.prepare(
      "INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES ('x', 'x', '29991231000000_future', 0, 0, 1)",
    ).run();
    n.close();
    expect((await cli(["restore", newer], target)).out).toContain("来自更新的版本");
  });
});

/** The targets a county copies to: PostgreSQL (where TEST_PG_URL names a server), and another SQLite file. */
const targets: [string, (use: (url: string) => Promise<void>) => Promise<void>][] = [
  [
    "SQLite",
    async (use) => {
      const file = path.join(dir, `target-${Math.random().toString(36).slice(2)}.db`);
      await use(`file:${file}`);
    },
  ],
  ...(process.env.TEST_PG_URL
    ? [
        ["PostgreSQL", (use: (url: string) => Promise<void>) => withScratchPgDatabase(process.env.TEST_PG_URL as string, use)] satisfies [
          string,
          (use: (url: string) => Promise<void>) => Promise<void>,
        ],
      ]
    : []),
];

const tableCounts = async (url: string) => {
  const db = await openDatabase(url);
  try {
    const out: Record<string, number> = {};
    for (const model of COPY_ORDER) {
      const key = model.charAt(0).toLowerCase() + model.slice(1);
      out[model] = (await (db.prisma as unknown as Record<string, { count(): Promise<number> }>)[key]?.count()) ?? -1;
    }
    return out;
  } finally {
    await db.close();
  }
};

/** A copy of the bot's database holding a row of every model (an export sent, a chart, a hazard …). */
async function everyKindOfRow(name: string): Promise<string> {
  const file = path.join(dir, `${name}.db`);
  expect((await cli(["backup", file], h.db.url)).code).toBe(0);
  const db = await openDatabase(`file:${file}`);
  try {
    const counts = await fillEveryTable(db.prisma);
    expect(Object.entries(counts).filter(([, n]) => n === 0)).toEqual([]);
  } finally {
    await db.close();
  }
  return `file:${file}`;
}

describe.runIf(sqlite).each(targets)("db copy (SQLite → %s)", (_name, withTarget) => {
  it("copies a database holding every kind of row (an export was sent: Attachment before Outbox), with its ids, and leaves the ids ready for new rows", async () => {
    const source = await everyKindOfRow(`every-${_name}`);
    await withTarget(async (target) => {
      const r = await cli(["db", "copy", target], source);
      expect(r.out).toContain("行数一致");
      expect(r.code).toBe(0);
      expect(await tableCounts(target)).toEqual(await tableCounts(source));
      const from = await openDatabase(source);
      const to = await openDatabase(target);
      try {
        const report = await from.prisma.report.findFirstOrThrow({ orderBy: { id: "asc" } });
        expect(await to.prisma.report.findUniqueOrThrow({ where: { id: report.id } })).toEqual(report);
        const maxUnit = (await to.prisma.unit.aggregate({ _max: { id: true } }))._max.id ?? 0;
        const added = await to.prisma.unit.create({ data: { code: "NEW-1", name: "新学校", kind: "小学", township: "溧城街道" } });
        expect(added.id).toBe(maxUnit + 1);
      } finally {
        await from.close();
        await to.close();
      }
      // Copying again into a database that now holds data is refused.
      expect((await cli(["db", "copy", target], source)).out).toContain("目标数据库不是空的");
    });
  });

  it("writes nothing when the copy fails part-way, so the same command runs again once the cause is mended", async () => {
    const source = await everyKindOfRow(`broken-${_name}`);
    // A hazard whose report is gone (written with the source's foreign keys off): refused late in the copy.
    const raw = new Database(source.slice("file:".length));
    raw.pragma("foreign_keys = OFF");
    raw
      .prepare(
        "INSERT INTO Hazard (unitId, number, reportId, position, description, category, severity, deadline, responsible, foundAt, status, rectifyNote) VALUES (1, 500, 999999, 0, 'x', '消防', '一般', '2022-03-31', 'r', 0, 'open', '')",
      )
      .run();
    await withTarget(async (target) => {
      const failed = await cli(["db", "copy", target], source);
      expect(failed.code).toBe(1);
      expect(failed.out).toContain("目标数据库未写入任何数据");
      // Nothing kept but what a fresh start itself loads (the bundled plan, which a copy may replace).
      const after = await tableCounts(target);
      expect(Object.entries(after).filter(([m, n]) => n > 0 && !m.startsWith("Plan") && m !== "AuditLog")).toEqual([]);
      raw.prepare("DELETE FROM Hazard WHERE reportId = 999999").run();
      raw.close();
      const again = await cli(["db", "copy", target], source);
      expect(again.code).toBe(0);
      expect(await tableCounts(target)).toEqual(await tableCounts(source));
    });
  });
});
