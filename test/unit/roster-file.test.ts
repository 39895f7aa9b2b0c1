import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isAppError } from "../../src/errors.js";
import { validateRoster } from "../../src/roster/import-roster.js";
import { decodeText, parseCsv, readCsv } from "../../src/roster/read-csv.js";

const fixture = (name: string) => path.join(import.meta.dirname, "..", "fixtures", name);
const HEADER = "userid,name,mobile,unit_code,unit_name,unit_kind,township,roles,schools,rural";

function problems(csv: string): string[] {
  const { header, rows } = parseCsv(csv);
  try {
    validateRoster(header, rows, "名册.csv");
  } catch (err) {
    if (isAppError(err)) return [...err.details];
    throw err;
  }
  return [];
}

describe("reading roster files", () => {
  it("reads a GBK file exactly as its UTF-8 twin", () => {
    const gbk = readFileSync(fixture("roster-good-gbk.csv"));
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(gbk)).toThrow();
    const a = readCsv(fixture("roster-good.csv"));
    const b = readCsv(fixture("roster-good-gbk.csv"));
    expect(b.encoding).toBe("gbk");
    expect(a.encoding).toBe("utf-8");
    expect(b.header).toEqual(a.header);
    expect(b.rows.map((r) => r.cells)).toEqual(a.rows.map((r) => r.cells));
  });

  it("drops a UTF-8 byte-order mark so the first column is still userid", () => {
    const t = readCsv(fixture("roster-good-bom.csv"));
    expect(t.header[0]).toBe("userid");
    expect(decodeText(readFileSync(fixture("roster-good-bom.csv"))).encoding).toBe("utf-8");
  });
});

describe("validating roster rows", () => {
  it("accepts Chinese role names and maps them to roles", () => {
    const { header, rows } = readCsv(fixture("roster-good.csv"));
    const valid = validateRoster(header, rows, "x");
    expect(valid[0]?.roles.sort()).toEqual(["admin", "viewer"]);
    expect(valid[3]?.roles).toEqual(["principal"]);
    expect(valid[4]?.schools).toEqual(["T-S1", "T-K1"]);
    expect(valid[3]?.rural).toBe(true);
  });

  it("names the row, the column and the reason of every bad cell", () => {
    const { header, rows } = readCsv(fixture("roster-one-bad-row.csv"));
    let details: readonly string[] = [];
    try {
      validateRoster(header, rows, "x");
    } catch (err) {
      details = isAppError(err) ? err.details : [];
    }
    expect(details).toHaveLength(2);
    expect(details[0]).toMatch(/^第 3 行 mobile 列：应为 11 位手机号/);
    expect(details[1]).toMatch(/^第 3 行 unit_kind 列：应为 幼儿园、小学/);
  });

  it("refuses a header that lacks required columns, naming them", () => {
    expect(problems("userid,name\nu1,张三\n")[0]).toContain("unit_code、unit_name、unit_kind、roles");
  });

  it("refuses the same userid twice, in any letter case", () => {
    const d = problems(`${HEADER}\nAbc,甲,,S1,一小,小学,,principal,,\nabc,乙,,S1,一小,小学,,reporter,,\n`);
    expect(d).toEqual([expect.stringMatching(/^第 3 行 userid 列：abc 与第 2 行重复/)]);
  });

  it("refuses one unit code with two different names", () => {
    const d = problems(`${HEADER}\nu1,甲,,S1,一小,小学,,principal,,\nu2,乙,,S1,二小,小学,,reporter,,\n`);
    expect(d[0]).toMatch(/^第 3 行 unit_name 列：单位 S1 在第 2 行写的是“一小”/);
  });

  it("refuses unknown roles and schools given to someone who is not an inspector", () => {
    const d = problems(`${HEADER}\nu1,甲,,S1,一小,小学,,boss,,\nu2,乙,,S1,一小,小学,,principal,S1,\n`);
    expect(d[0]).toMatch(/^第 2 行 roles 列：不认识的角色“boss”/);
    expect(d[1]).toMatch(/^第 3 行 schools 列：只有责任督学/);
  });
});
