/**
 * A roster import beside a live bot: short transactions that let the bot's
 * writes in, completed after a crash, and a --replace that would empty the
 * roster stopped unless forced.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportCliError, runCli } from "../../src/cli.js";
import { openDatabase } from "../../src/db/client.js";
import { applyRoster, emptyResult, resumeRosterImports } from "../../src/roster/apply-roster.js";
import { validateRoster } from "../../src/roster/import-roster.js";
import { readCsv } from "../../src/roster/read-csv.js";
import { freshDatabase, type TestDatabase } from "../support/db.js";

const HEADER = "userid,name,mobile,unit_code,unit_name,unit_kind,township,roles,schools,rural";
const dir = mkdtempSync(path.join(os.tmpdir(), "roster-live-"));
let t: TestDatabase;
beforeAll(async () => {
  t = await freshDatabase();
});
afterAll(async () => {
  await t.drop();
  rmSync(dir, { recursive: true, force: true });
});

/** A roster of n principals in n/10 schools, plus one admin. */
function rosterFile(name: string, n: number, prefix = "p"): string {
  const lines = [HEADER, `${prefix}_admin,管理员,,ADM,教育局办公室,科室,溧城街道,admin,,否`];
  for (let i = 0; i < n; i++)
    lines.push(`${prefix}_${i},校长${i},,S${Math.floor(i / 10)},第${Math.floor(i / 10)}小学,小学,溧城街道,principal,,否`);
  const file = path.join(dir, name);
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}
const rowsOf = (file: string) => {
  const { header, rows } = readCsv(file);
  return validateRoster(header, rows, file);
};
async function cli(...args: string[]) {
  const lines: string[] = [];
  const out = { log: (s: string) => lines.push(s), error: (s: string) => lines.push(s) };
  const code = await runCli(args, { DATABASE_URL: t.url }, out).catch((err) => reportCliError(err, out));
  return { code, text: lines.join("\n") };
}

describe("a roster import beside a live bot", () => {
  it("commits in short transactions: another connection's write gets in while the import is still running, and the progress shows", async () => {
    const rows = rowsOf(rosterFile("big.csv", 3000));
    const other = await openDatabase(t.url); // as the bot: its own connection
    try {
      let done = false;
      const importing = applyRoster(t.prisma, rows, { chunk: 200, pauseMs: 30 }).finally(() => {
        done = true;
      });
      // Wait until some chunks are in, then write from the other connection.
      let applied = 0;
      while (!done && applied === 0) {
        applied = (await other.prisma.rosterImport.findFirst({ orderBy: { id: "desc" } }))?.applied ?? 0;
        await new Promise((r) => setTimeout(r, 5));
      }
      expect(done).toBe(false);
      await other.prisma.groupChat.create({ data: { name: "导入期间写入", channel: "robot", robotKey: "k".repeat(36) } });
      const journal = await other.prisma.rosterImport.findFirstOrThrow({ orderBy: { id: "desc" } });
      expect(journal.status).toBe("pending");
      expect(journal.applied).toBeGreaterThan(0);
      expect(done).toBe(false);
      const r = await importing;
      expect(r.peopleCreated).toBe(3001);
      expect(await t.prisma.person.count({ where: { useridKey: { startsWith: "p_" } } })).toBe(3001);
      expect((await t.prisma.rosterImport.findFirstOrThrow({ orderBy: { id: "desc" } })).status).toBe("done");
    } finally {
      await other.close();
    }
  });

  it("completes an import that a crash interrupted halfway, at the next import or start", async () => {
    const rows = rowsOf(rosterFile("crashed.csv", 400, "c"));
    // What a crash after the units and half the people leaves behind: a pending journal, half the rows applied.
    await applyRoster(t.prisma, rows.slice(0, 200), {});
    const units = new Set(rows.map((r) => r.unit_code)).size;
    await t.prisma.rosterImport.create({
      data: {
        actor: "cli",
        rows: { create: { rows: JSON.stringify(rows) } },
        applied: units + 200,
        result: emptyResult(rows.length),
      },
    });
    expect(await t.prisma.person.count({ where: { useridKey: { startsWith: "c_" } } })).toBe(200);
    expect(await resumeRosterImports(t.prisma)).toBe(1);
    expect(await t.prisma.person.count({ where: { useridKey: { startsWith: "c_" } } })).toBe(401);
    expect(await t.prisma.rosterImport.count({ where: { status: "pending" } })).toBe(0);
  });

  it("stops a --replace that would deactivate every admin, or more than half the roster, naming the count; --force goes ahead", async () => {
    const active = await t.prisma.person.count({ where: { active: true } });
    const headerOnly = path.join(dir, "header-only.csv");
    writeFileSync(headerOnly, `${HEADER}\n`);
    const empty = await cli("roster", "import", headerOnly, "--replace");
    // A header-only file has no rows: refused as an empty file, or as a replace that empties the roster.
    expect(empty.code).not.toBe(0);
    expect(await t.prisma.person.count({ where: { active: true } })).toBe(active);

    const small = rosterFile("small.csv", 10, "s");
    const half = await cli("roster", "import", small, "--replace");
    expect(half.code).not.toBe(0);
    expect(half.text).toContain(`--replace 将停用 ${active} 人`);
    expect(half.text).toContain("--force");
    expect(await t.prisma.person.count({ where: { active: true } })).toBe(active);

    const noAdmin = path.join(dir, "no-admin.csv");
    writeFileSync(
      noAdmin,
      `${HEADER}\n${(await t.prisma.person.findMany({ where: { active: true, useridKey: { startsWith: "p_" }, NOT: { useridKey: "p_admin" } } })).map((p) => `${p.userid},${p.name},,S0,第0小学,小学,溧城街道,principal,,否`).join("\n")}\n`,
    );
    const admins = await cli("roster", "import", noAdmin, "--replace");
    expect(admins.code).not.toBe(0);
    expect(admins.text).toContain("包括全部管理员");

    const forced = await cli("roster", "import", small, "--replace", "--force");
    expect(forced.code).toBe(0);
    expect(forced.text).toContain(`停用人员 ${active}`);
    expect(await t.prisma.person.count({ where: { active: true } })).toBe(11);
  });
});
