import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportCliError, runCli } from "../../src/cli.js";
import { freshDatabase, type TestDatabase } from "../support/db.js";

const fixture = (name: string) => path.join(import.meta.dirname, "..", "fixtures", name);
let t: TestDatabase;
const dir = mkdtempSync(path.join(os.tmpdir(), "roster-test-"));
beforeAll(async () => {
  t = await freshDatabase();
});
afterAll(async () => {
  await t.drop();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `npm run cli -- …` in-process against the test database; returns exit code and output. */
async function cli(...args: string[]) {
  const lines: string[] = [];
  const out = { log: (s: string) => lines.push(s), error: (s: string) => lines.push(s) };
  const code = await runCli(args, { DATABASE_URL: t.url }, out).catch((err) => reportCliError(err, out));
  return { code, text: lines.join("\n") };
}

const snapshot = async () => ({
  units: await t.prisma.unit.findMany({ orderBy: { code: "asc" }, omit: { createdAt: true, updatedAt: true, id: true } }),
  people: (
    await t.prisma.person.findMany({
      orderBy: { useridKey: "asc" },
      include: {
        unit: { select: { code: true } },
        roles: { select: { role: true }, orderBy: { role: "asc" } },
        schools: { select: { unit: { select: { code: true } } }, orderBy: { unitId: "asc" } },
      },
    })
  ).map(({ id: _i, unitId: _u, createdAt: _c, updatedAt: _d, ...p }) => p),
});

describe("roster import", () => {
  it("imports a good file: units, people, roles and an inspector's schools", async () => {
    const r = await cli("roster", "import", fixture("roster-good.csv"));
    expect(r.code).toBe(0);
    expect(r.text).toContain("新增单位 3");
    expect(r.text).toContain("新增人员 5");
    const insp = await t.prisma.person.findUniqueOrThrow({
      where: { useridKey: "t_insp" },
      include: { schools: { include: { unit: true } } },
    });
    expect(insp.schools.map((s) => s.unit.code).sort()).toEqual(["T-K1", "T-S1"]);
    const admin = await t.prisma.person.findUniqueOrThrow({ where: { useridKey: "t_admin" }, include: { roles: true } });
    expect(admin.userid).toBe("T_Admin");
    expect(admin.roles.map((r) => r.role).sort()).toEqual(["admin", "viewer"]);
    expect((await t.prisma.unit.findUniqueOrThrow({ where: { code: "T-K1" } })).rural).toBe(true);
  });

  it("reads a file whose header row is in Chinese, as Excel users write it (姓名, 单位代码 …), exactly as its English twin", async () => {
    const before = await snapshot();
    const zh = path.join(dir, "中文表头.csv");
    const lines = readFileSync(fixture("roster-good.csv"), "utf8").split("\n");
    lines[0] = "账号,姓名,手机号,单位代码,单位名称,单位类型,乡镇,角色,负责学校,是否农村";
    writeFileSync(zh, lines.join("\n"));
    const r = await cli("roster", "import", zh);
    expect(r.text).toContain("新增单位 0");
    expect(r.code).toBe(0);
    expect(await snapshot()).toEqual(before);
  });

  it("leaves the same rows when the same file is imported twice", async () => {
    const before = await snapshot();
    const r = await cli("roster", "import", fixture("roster-good.csv"));
    expect(r.code).toBe(0);
    expect(r.text).toContain("新增人员 0，更新人员 0");
    expect(await snapshot()).toEqual(before);
  });

  it("imports a GBK file exactly as its UTF-8 twin", async () => {
    const before = await snapshot();
    const r = await cli("roster", "import", fixture("roster-good-gbk.csv"));
    expect(r.code).toBe(0);
    expect(r.text).toContain("GBK");
    expect(r.text).toContain("新增人员 0，更新人员 0");
    expect(await snapshot()).toEqual(before);
  });

  it("refuses control and direction-override characters (ESC, BEL, NUL, U+202E) with the row and column named, and prints none of them", async () => {
    const before = await snapshot();
    const bad = path.join(dir, "控制字符.csv");
    const lines = readFileSync(fixture("roster-good.csv"), "utf8").trimEnd().split("\n");
    lines[2] = lines[2]?.replace("溧城街道", "溧城\u001b[31m街道") ?? "";
    lines[4] = lines[4]?.replace("测试园长乙", "\u202e乙长园试测") ?? "";
    lines[5] = lines[5]?.replace("测试督学", "测试\u0007督学\u0000") ?? "";
    writeFileSync(bad, lines.join("\n"));
    const r = await cli("roster", "import", bad);
    expect(r.code).not.toBe(0);
    expect(r.text).toContain("第 3 行 township 列：含有不可见的控制字符或文字方向控制符（U+001B）");
    expect(r.text).toContain("第 5 行 name 列：含有不可见的控制字符或文字方向控制符（U+202E）");
    expect(r.text).toContain("第 6 行 name 列：含有不可见的控制字符或文字方向控制符（U+0007）");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for control characters
    expect(r.text).not.toMatch(/[\u0000\u0007\u001b\u202e]/);
    expect(await snapshot()).toEqual(before);
  });

  it("imports nothing from a file with one bad row, names that row and exits non-zero", async () => {
    const before = await snapshot();
    const r = await cli("roster", "import", fixture("roster-one-bad-row.csv"));
    expect(r.code).not.toBe(0);
    expect(r.text).toContain("第 3 行 mobile 列");
    expect(r.text).toContain("第 3 行 unit_kind 列");
    expect(r.text).not.toContain("第 2 行");
    expect(r.text).not.toContain("第 4 行");
    expect(await snapshot()).toEqual(before);
    expect(await t.prisma.person.findUnique({ where: { useridKey: "t_p4" } })).toBeNull();
  });

  it("matches userids case-insensitively when updating a person", async () => {
    const file = path.join(dir, "renamed.csv");
    writeFileSync(file, readFileSync(fixture("roster-good.csv"), "utf8").replace("t_p1,测试校长甲", "T_P1,测试校长甲（改名）"));
    const r = await cli("roster", "import", file);
    expect(r.code).toBe(0);
    expect(r.text).toContain("新增人员 0，更新人员 1");
    const p = await t.prisma.person.findUniqueOrThrow({ where: { useridKey: "t_p1" } });
    expect([p.userid, p.name]).toEqual(["T_P1", "测试校长甲（改名）"]);
  });

  it("with --replace, deactivates people absent from the file and keeps their rows", async () => {
    const file = path.join(dir, "replace.csv");
    writeFileSync(
      file,
      readFileSync(fixture("roster-good.csv"), "utf8")
        .split("\n")
        .filter((l) => !l.startsWith("t_r1,"))
        .join("\n"),
    );
    const r = await cli("roster", "import", file, "--replace");
    expect(r.code).toBe(0);
    expect(r.text).toContain("停用人员 1");
    const gone = await t.prisma.person.findUniqueOrThrow({ where: { useridKey: "t_r1" } });
    expect(gone.active).toBe(false);
    expect(await t.prisma.person.count({ where: { active: true } })).toBe(4);
    expect(await t.prisma.auditLog.count({ where: { action: "roster.replace" } })).toBe(1);
  });

  it("refuses an inspector's school that is neither in the file nor imported, importing nothing", async () => {
    const file = path.join(dir, "unknown-school.csv");
    writeFileSync(
      file,
      "userid,name,mobile,unit_code,unit_name,unit_kind,township,roles,schools,rural\nnew_insp,新督学,,T-OFFICE,测试教育局办公室,科室,溧城街道,inspector,T-S1|T-NOPE,否\n",
    );
    const r = await cli("roster", "import", file);
    expect(r.code).toBe(1);
    expect(r.text).toContain("第 2 行 schools 列：单位代码 T-NOPE");
    expect(await t.prisma.person.findUnique({ where: { useridKey: "new_insp" } })).toBeNull();
  });

  it("answers a missing file with a Chinese sentence and the usage, exit code 2", async () => {
    const r = await cli("roster", "import", "/nonexistent/roster.csv");
    expect(r.code).toBe(2);
    expect(r.text).toContain("找不到文件 /nonexistent/roster.csv");
  });
});

describe("holiday file import", () => {
  it("imports a year's days off and days worked, refusing a file with a bad row whole", async () => {
    const ok = await cli("holidays", "import", fixture("holidays-2027.csv"));
    expect(ok.code).toBe(0);
    expect(ok.text).toContain("2027 年放假 3 天、调休上班 1 天");
    expect(await t.prisma.calendarDay.count({ where: { date: { startsWith: "2027-" } } })).toBe(4);
    const file = path.join(dir, "bad-holidays.csv");
    writeFileSync(file, "date,kind\n2028-01-01,放假\n2028-13-01,放假\n");
    const bad = await cli("holidays", "import", file);
    expect(bad.code).toBe(1);
    expect(bad.text).toContain("第 3 行 date 列");
    expect(await t.prisma.calendarDay.count({ where: { date: { startsWith: "2028-" } } })).toBe(0);
  });
});
