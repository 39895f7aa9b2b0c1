/**
 * 导出 through the encrypted callback on the fake WeCom: an XLSX uploaded with media/upload (the Chinese
 * file name raw UTF-8 in filename="…") and sent as a file message; opened again here with exceljs, an
 * independent reader: units, answers as numbers, statuses, the hazard ledger, the revisions — and only
 * the units the person may see. `npm run cli -- export` writes the same content.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportCliError, runCli } from "../../src/cli.js";
import { ManualClock } from "../../src/clock.js";
import { unitPage } from "../../src/web/pages/unit.js";
import { Chat } from "../support/chat.js";
import { fileSentTo, values } from "../support/sent-files.js";
import { type Harness, wecomHarness } from "../support/wecom-harness.js";

const clock = new ManualClock("2022-03-09T02:00:00Z"); // Wednesday of 2022-W10
let h: Harness;
let dir: string;
beforeAll(async () => {
  h = await wecomHarness({ clock, wecom: { identityTtlMs: 0 } });
  dir = mkdtempSync(path.join(os.tmpdir(), "export-test-"));
  // One hazard at the primary school, then a correction (a second revision); the kindergarten all clear.
  const p = new Chat(h, "t_p1");
  await p.say("安全检查");
  await p.script(
    "是",
    "否",
    "3",
    "3",
    "1",
    "是",
    "是",
    "100",
    "96.5",
    "1",
    "二楼安全出口堆放杂物",
    "1",
    "2",
    "2022-03-20",
    "王主任",
    "跳过",
    "跳过",
  );
  expect(await p.say("确认")).toContain("✅ 已提交");
  expect(await p.say("修改 安全")).toContain("第 1 版");
  await p.script("改 9", "98");
  expect(await p.say("确认")).toContain("第 2 版");
  const k = new Chat(h, "t_p2");
  await k.say("安全检查 无异常");
  await k.script("否", "3", "3", "3", "100", "100");
  expect(await k.say("确认")).toContain("✅ 已提交");
  // A name a spreadsheet would take for a formula, were it written as one.
  await h.db.prisma.unit.update({ where: { code: "T-K1" }, data: { name: '=HYPERLINK("http://x")' } });
});
afterAll(async () => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("导出 in the chat", () => {
  it("sends a viewer the county's 安全检查 of the month as an XLSX: every unit and week, answers as numbers, the ledger and the revisions", async () => {
    const admin = new Chat(h, "T_Admin");
    const before = h.fake.deliveriesTo("T_Admin").length;
    const uploads = h.fake.uploads.length;
    expect(await admin.say("导出 安全检查 本月")).toContain("溧阳市安全检查_2022-03.xlsx");
    const { name, wb, data } = await fileSentTo(h, "T_Admin", before);
    expect(name).toBe("溧阳市安全检查_2022-03.xlsx");
    const u = h.fake.uploads.slice(uploads).find((x) => x.type === "file");
    expect(u?.disposition.toString("utf8")).toBe(
      `Content-Disposition: form-data; name="media"; filename="溧阳市安全检查_2022-03.xlsx"; filelength=${data.length}`,
    );

    const ws = wb.getWorksheet("安全检查");
    if (!ws) throw new Error("no sheet");
    const rows = values(ws);
    expect(rows[0]?.slice(0, 9)).toEqual([
      "单位代码",
      "单位名称",
      "乡镇",
      "单位类型",
      "期间",
      "状态",
      "填报人",
      "提交时间",
      "生命通道畅通",
    ]);
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    // Printed landscape, every column across one page's width, the header row on every page.
    expect(ws.pageSetup).toMatchObject({ orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
    expect(ws.pageSetup.printTitlesRow).toBe("1:1");
    // Two schools × the five weeks that overlap March 2022.
    expect(rows).toHaveLength(1 + 2 * 5);
    const w10 = rows.find((r) => r[0] === "T-S1" && r[4] === "2022-W10") ?? [];
    expect(w10.slice(0, 7)).toEqual(["T-S1", "测试第一小学", "溧城街道", "小学", "2022-W10", "按时", "测试校长甲"]);
    expect(w10[7]).toBeInstanceOf(Date);
    const col = (h: string) => (rows[0] ?? []).indexOf(h);
    expect(w10[col("安全教育平台学生覆盖率（%）")]).toBe(98); // the revised figure, a number
    expect(w10[col("清单外发现隐患数（处）")]).toBe(1);
    expect(w10[col("发现隐患合计（处）")]).toBe(1);
    expect(rows.find((r) => r[0] === "T-S1" && r[4] === "2022-W09")?.[5]).toBe("逾期未报");
    expect(rows.find((r) => r[0] === "T-S1" && r[4] === "2022-W11")?.[5]).toBe("未到截止");
    // The formula-like unit name is a text cell holding exactly those characters.
    const k1 = ws.getRows(2, 10)?.find((r) => r.getCell(1).value === "T-K1");
    expect(k1?.getCell(2).type).toBe(ExcelJS.ValueType.String);
    expect(k1?.getCell(2).value).toBe('=HYPERLINK("http://x")');

    const ledger = values(wb.getWorksheet("隐患台账") as ExcelJS.Worksheet);
    expect(ledger).toHaveLength(2);
    expect(ledger[1]?.slice(0, 4)).toEqual(["T-S1", "测试第一小学", "溧城街道", 1]);
    expect(ledger[1]).toContain("二楼安全出口堆放杂物");
    expect(ledger[1]).toContain("未整改");
    const revisions = values(wb.getWorksheet("修改记录") as ExcelJS.Worksheet);
    expect(revisions).toHaveLength(2);
    expect(revisions[1]?.slice(0, 5)).toEqual(["T-S1", "测试第一小学", "2022-W10", 2, "测试校长甲"]);
    expect(String(revisions[1]?.[7])).toContain("安全教育平台学生覆盖率");
  });

  it("gives a principal only their own unit, and 导出 隐患 the ledger alone", async () => {
    const p = new Chat(h, "t_p2");
    const before = h.fake.deliveriesTo("t_p2").length;
    await p.say("导出 安全 本周");
    const { name, wb } = await fileSentTo(h, "t_p2", before);
    expect(name).toBe("=HYPERLINK(_http___x_)安全检查_2022-W10.xlsx"); // quotes, colons and slashes never reach a file name
    const rows = values(wb.getWorksheet("安全检查") as ExcelJS.Worksheet);
    expect(rows.slice(1).map((r) => r[0])).toEqual(["T-K1"]);
    expect(values(wb.getWorksheet("隐患台账") as ExcelJS.Worksheet)).toHaveLength(1); // the header only: not the other school's hazard

    const r = new Chat(h, "t_r1");
    const b2 = h.fake.deliveriesTo("t_r1").length;
    await r.say("导出 隐患");
    const ledger = await fileSentTo(h, "t_r1", b2);
    expect(ledger.name).toBe("测试第一小学隐患_全部.xlsx");
    expect(ledger.wb.worksheets.map((w) => w.name)).toEqual(["隐患台账"]);
  });

  it("answers what to type for an unknown report or period, and refuses more than two years at once", async () => {
    const admin = new Chat(h, "T_Admin");
    expect(await admin.say("导出")).toContain("导出 安全检查 本月");
    expect(await admin.say("导出 食堂")).toContain("可以导出：安全检查、课后服务、督导、隐患");
    expect(await admin.say("导出 进度")).toContain("暂不能导出");
    expect(await admin.say("导出 安全 明年")).toContain("没看懂期间“明年”");
    expect(await admin.say("导出 安全 2000-01..2022-03")).toContain("一次最多导出 106 期");
  });
});

describe("a hazard recorded through a checklist 否", () => {
  it("is counted in 发现隐患合计 wherever an officer reads or sums it: 查看, the export's column, the dashboard's unit page", async () => {
    clock.set("2022-03-16T02:00:00Z"); // 2022-W11
    const k = new Chat(h, "t_p2");
    await k.say("安全检查");
    // 生命通道 否 → its hazard (description, severity, deadline, responsible, no photo), then the coverage (the school's
    // facts are known from last week), no other hazard.
    await k.script("否", "楼道堆放杂物", "1", "下周五", "王主任", "跳过", "100", "100", "0", "跳过");
    expect(await k.say("确认")).toContain("✅ 已提交");
    const shown = await k.say("查看 安全 本周");
    expect(shown).toContain("清单外发现隐患数：0处");
    expect(shown).toContain("发现隐患合计：1处");
    const admin = new Chat(h, "T_Admin");
    const before = h.fake.deliveriesTo("T_Admin").length;
    await admin.say("导出 安全 本周");
    const { wb } = await fileSentTo(h, "T_Admin", before);
    const rows = values(wb.getWorksheet("安全检查") as ExcelJS.Worksheet);
    const col = (name: string) => (rows[0] ?? []).indexOf(name);
    const w11 = rows.find((r) => r[0] === "T-K1" && r[4] === "2022-W11") ?? [];
    expect(w11[col("清单外发现隐患数（处）")]).toBe(0);
    expect(w11[col("发现隐患合计（处）")]).toBe(1);
    const unit = await h.db.prisma.unit.findUniqueOrThrow({ where: { code: "T-K1" } });
    expect(String(await unitPage(h.db.prisma, h.kinds, unit, "Asia/Shanghai"))).toContain("发现隐患合计：1处");
    clock.set("2022-03-09T02:00:00Z");
  });
});

describe("export in the CLI", () => {
  it("writes a file named from the roster only inside the current directory, whatever the unit's name holds", async () => {
    await h.db.prisma.unit.update({ where: { code: "T-S1" }, data: { name: "../../逃出\u0007去/测试" } });
    const cwd = path.join(dir, "here");
    mkdirSync(cwd);
    const lines: string[] = [];
    const io = { log: (s: string) => lines.push(s), error: (s: string) => lines.push(s) };
    const code = await runCli(
      ["export", "安全检查", "2022-03", "--unit", "T-S1"],
      { DATABASE_URL: h.db.url, BOT_TIMEZONE: "Asia/Shanghai" },
      io,
      { now: clock.now(), cwd },
    ).catch((err) => reportCliError(err, io));
    expect(lines.join("\n")).toContain("已导出");
    expect(code).toBe(0);
    expect(readdirSync(cwd)).toEqual(["_.._逃出_去_测试安全检查_2022-03.xlsx"]);
    expect(readdirSync(dir).filter((f) => f.includes("逃出"))).toEqual([]);
    await h.db.prisma.unit.update({ where: { code: "T-S1" }, data: { name: "测试第一小学" } });
  });

  it("writes the same sheets to a file", async () => {
    const out = path.join(dir, "f.xlsx");
    const lines: string[] = [];
    const io = { log: (s: string) => lines.push(s), error: (s: string) => lines.push(s) };
    const code = await runCli(
      ["export", "安全检查", "2022-03..2022-03", "--out", out],
      { DATABASE_URL: h.db.url, BOT_TIMEZONE: "Asia/Shanghai" },
      io,
      {
        now: clock.now(),
      },
    ).catch((err) => reportCliError(err, io));
    expect(lines.join("\n")).toContain("已导出");
    expect(code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(out) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["安全检查", "隐患台账", "修改记录"]);
    expect(values(wb.getWorksheet("安全检查") as ExcelJS.Worksheet)).toHaveLength(11);
  });
});
