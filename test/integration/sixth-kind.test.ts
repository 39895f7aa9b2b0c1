/**
 * A sixth kind written as a spec file — a monthly 消防演练 for 小学 and 幼儿园, with a question asked only when
 * another is 是 and bounds — loaded with `kind load` into a running bot, with no code and no restart: then it works
 * wherever a built-in kind does, and a changed version keeps its history (issue 31's "done when").
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportCliError, runCli } from "../../src/cli.js";
import { ManualClock } from "../../src/clock.js";
import { KindRegistry } from "../../src/kinds/registry.js";
import { kindSummary } from "../../src/kinds/summary.js";
import { monthOf } from "../../src/reports/periods.js";
import { renderDaily, renderWeekly } from "../../src/schedule/digests.js";
import { Browser } from "../support/browser.js";
import { Chat } from "../support/chat.js";
import { fileSentTo, values } from "../support/sent-files.js";
import { eventually, type Harness, wecomHarness } from "../support/wecom-harness.js";

const TZ = "Asia/Shanghai";
const FIXTURES = path.join(import.meta.dirname, "..", "fixtures", "kinds");
const clock = new ManualClock("2022-03-08T02:00:00Z"); // Tuesday 8 March 2022, 10:00 in Liyang
let h: Harness;
let admin: Chat;
const cli = async (...args: string[]) => {
  const lines: string[] = [];
  const errors: string[] = [];
  const io = { log: (s: string) => lines.push(s), error: (s: string) => errors.push(s) };
  const code = await runCli(args, { DATABASE_URL: h.db.url, BOT_TIMEZONE: TZ }, io, {
    now: clock.now(),
    cwd: mkdtempSync(path.join(os.tmpdir(), "kind-")),
  }).catch((err) => reportCliError(err, io));
  return { code, out: lines.join("\n"), err: errors.join("\n") };
};

beforeAll(async () => {
  // The bot asks the database for changed kinds on every message (a deployment waits up to two seconds).
  h = await wecomHarness({ clock, kinds: KindRegistry.builtin({ refreshMs: 0 }), env: { PUBLIC_URL: "https://jyj.example.gov.cn" } });
  admin = new Chat(h, "T_Admin");
  await admin.say("群 绑定 安全群 robot-key-1 安全");
});
afterAll(async () => {
  await h.close();
});

const outboxTo = async (pattern: string) =>
  (await h.db.prisma.outbox.findMany()).filter((r) => JSON.stringify(r.payload).includes(pattern));

const sheetRows = (wb: ExcelJS.Workbook, name: string) => {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  return values(ws);
};

describe("loading the spec", () => {
  it("refuses a bad spec whole, naming each key that is wrong, and stores nothing", async () => {
    const r = await cli("kind", "load", path.join(FIXTURES, "fire-drill-bad.json"));
    expect(r.code).toBe(1);
    expect(r.err).toContain("没有导入（什么都没有改动）");
    expect(r.err).toContain("fields[1].showIf：“hold”不是前面的问题");
    expect(r.err).toContain("fields[1].min：不能大于 max");
    expect(r.err).toContain("deadline：");
    expect((await cli("kind", "list")).out).not.toContain("消防演练");
    expect(await new Chat(h, "t_p1").say("帮助")).not.toContain("消防演练");
  });

  it("adds the kind with `kind load`, listed by `kind list`, and the running bot offers it at once", async () => {
    const r = await cli("kind", "load", path.join(FIXTURES, "fire-drill.json"));
    expect(r.code).toBe(0);
    expect(r.out).toContain("已新增报表「消防演练」（fire-drill，第 1 版）");
    const list = (await cli("kind", "list")).out;
    expect(list).toContain("消防演练（fire-drill）第 1 版");
    expect(list).toContain("安全检查（safety）第 1 版");
    // No restart: the same harness, the same bot.
    const p = new Chat(h, "t_p1");
    expect(await p.say("帮助")).toContain("消防演练");
  });

  it("refuses a kind named like a command or another kind", async () => {
    const spec = JSON.parse(readFileSync(path.join(FIXTURES, "fire-drill.json"), "utf8"));
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "kind-")), "clash.json");
    writeFileSync(file, JSON.stringify({ ...spec, id: "drill-two", name: "我的", short: "安全" }));
    const r = await cli("kind", "load", file);
    expect(r.code).toBe(1);
    expect(r.err).toContain("name：「我的」是机器人的命令");
    expect(r.err).toContain("short：「安全」已是「安全检查」的名称");
  });
});

describe("a principal fills it in", () => {
  it("is owed in 我的 by the primary school and the kindergarten, not by the bureau's office", async () => {
    expect(await new Chat(h, "t_p1").say("我的")).toContain("2022年3月消防演练");
    expect(await new Chat(h, "t_p2").say("我的")).toContain("2022年3月消防演练");
    expect(await admin.say("我的")).not.toContain("消防演练");
  });

  it("asks the number of people only when a drill was held, and stores the answers", async () => {
    const p = new Chat(h, "t_p1");
    expect(await p.say("演练")).toContain("本月是否开展了消防疏散演练");
    const next = await p.say("否");
    expect(next).not.toContain("参加演练的师生");
    expect(next).toContain("还有需要说明的吗");
    expect(await p.say("跳过")).toContain("请核对");
    expect(await p.say("确认")).toContain("已提交");
    const stored = await h.db.prisma.report.findFirstOrThrow({ where: { kind: "fire-drill" } });
    expect(stored.data).toEqual({ held: false, note: null });
    expect(stored.kindVersion).toBe(1);
    expect(await p.say("我的")).toMatch(/✅.*消防演练/);
  });

  it("lists the kindergarten alone in 未填报", async () => {
    const missing = await admin.say("未填报 演练");
    expect(missing).toContain("测试中心幼儿园");
    expect(missing).not.toContain("测试第一小学");
  });
});

describe("chasing it", () => {
  it("reminds the kindergarten with a card, escalates to the safety group, and the card's button starts the form", async () => {
    expect(await admin.say("提醒 新增 演练 每天 09:00 未填报")).toContain("消防演练");
    expect(await admin.say("确认")).toContain("已保存提醒");
    await h.scheduler.tick();
    for (let day = 0; day < 3; day++) {
      clock.advance(24 * 3_600_000);
      await h.scheduler.tick();
    }
    await h.worker.drain();
    const cards = h.fake.deliveriesTo("t_p2").filter((d) => d.card?.title.includes("消防演练"));
    expect(cards.length).toBeGreaterThan(0);
    expect(h.fake.deliveriesTo("t_p1").filter((d) => d.card?.title.includes("消防演练"))).toHaveLength(0);
    const escalated = h.fake.deliveries.filter(
      (d) => d.channel === "robot" && d.content.includes("消防演练") && d.content.includes("仍未提交"),
    );
    expect(escalated.length).toBeGreaterThan(0);
    expect(escalated[0]?.content).toContain("测试中心幼儿园");

    const k = new Chat(h, "t_p2");
    expect(await k.tap("消防演练 2022-03")).toContain("本月是否开展了消防疏散演练");
  });

  it("holds the bounds: 6000 people is refused, 300 taken", async () => {
    const k = new Chat(h, "t_p2");
    expect(await k.say("是")).toContain("参加演练的师生");
    expect(await k.say("6000")).toContain("不能大于 5000人");
    expect(await k.say("300")).toContain("还有需要说明的吗");
    expect(await k.say("跳过")).toContain("请核对");
    expect(await k.say("确认")).toContain("已提交");
    expect(await admin.say("未填报 演练")).toContain("全部已填报");
  });
});

describe("summing it up", () => {
  it("has 汇总 of its own and a section in the all-kinds 汇总", async () => {
    const alone = await admin.say("汇总 演练");
    expect(alone).toContain("消防演练");
    expect(alone).toContain("2/2");
    const all = await admin.say("汇总");
    expect(all).toContain("消防演练");
    expect(all).toContain("安全检查");
  });

  it("has its section in the 日报 and the 周报, and a digest of its own", async () => {
    const daily = await renderDaily(h.db.prisma, h.kinds, clock.now(), TZ);
    expect(daily).toContain("消防演练");
    const weekly = await renderWeekly(h.db.prisma, h.kinds, clock.now(), TZ);
    expect(weekly).toContain("消防演练");
    const kind = h.kinds.byId("fire-drill");
    if (!kind) throw new Error("the kind is not in the registry");
    const md = await kindSummary(h.db.prisma, kind, monthOf("2022-03-11"), clock.now(), TZ, "2022-03-11");
    expect(md).toContain("2/2");
    expect(await admin.say("摘要 新增 演练 每天 17:30 安全群")).toContain("消防演练");
    const saved = await admin.say("确认");
    const id = /摘要 (\d+)/.exec(saved)?.[1];
    await admin.say(`摘要 测试 ${id}`);
    await eventually(async () => (await outboxTo("### 消防演练")).length > 0);
  });

  it("is exported with its questions as columns, every school a row", async () => {
    const before = h.fake.deliveriesTo("T_Admin").length;
    await admin.say("导出 演练 本月");
    const { name, wb } = await fileSentTo(h, "T_Admin", before);
    expect(name).toBe("溧阳市消防演练_2022-03.xlsx");
    const rows = sheetRows(wb, "消防演练");
    expect(rows[0]).toEqual(expect.arrayContaining(["已开展演练", "参加人数（人）", "备注"]));
    expect(rows[0]).not.toContain("问题版本");
    expect(rows).toHaveLength(3);
  });

  it("shows on the dashboard's overview and the school's page", async () => {
    const b = new Browser(h.url, h.fake);
    await b.login("T_Admin");
    const overview = await (await b.get("/dashboard")).text();
    expect(overview).toContain("消防演练");
    const unit = await (await b.get("/dashboard/units/T-K1")).text();
    expect(unit).toContain("消防演练");
    expect(unit).toContain("参加人数：300人");
  });
});

describe("a changed version", () => {
  it("`kind export` writes a built-in kind whose loading back changes nothing", async () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), "kind-")), "safety.json");
    const r = await cli("kind", "export", "安全检查", "--out", out);
    expect(r.out).toContain("已把「安全检查」第 1 版的定义写入");
    expect(JSON.parse(readFileSync(out, "utf8")).fields.length).toBeGreaterThan(5);
    const back = await cli("kind", "load", out);
    expect(back.out).toContain("「安全检查」与现有第 1 版相同，没有改动");
    expect(await h.db.prisma.kindVersion.count({ where: { kindId: "safety" } })).toBe(1);
  });

  it("restarts a form open on the old version with a notice, keeping the answers that still fit", async () => {
    // A new month: both schools owe April's drill; the kindergarten starts it and answers the first question.
    clock.set("2022-04-06T02:00:00Z");
    const k = new Chat(h, "t_p2");
    await k.say("演练");
    expect(await k.say("是")).toContain("参加演练的师生");
    const r = await cli("kind", "load", path.join(FIXTURES, "fire-drill-v2.json"));
    expect(r.out).toContain("已更新报表「消防演练」：第 1 版 → 第 2 版");
    expect(r.out).toContain("新增问题：疏散通道畅通");
    expect(r.out).toContain("修改问题「参加人数」：上限");
    const restarted = await k.say("4000");
    expect(restarted).toContain("问题刚由教育局更新");
    // 已开展演练 is kept; the number is asked again under the new bound.
    expect(restarted).toContain("参加演练的师生");
    expect(await k.say("4000")).toContain("不能大于 3000人");
    expect(await k.say("200")).toContain("疏散通道是否畅通");
    await k.say("是");
    await k.say("跳过");
    expect(await k.say("确认")).toContain("已提交");
    const april = await h.db.prisma.report.findFirstOrThrow({ where: { kind: "fire-drill", period: "2022-04" } });
    expect(april.kindVersion).toBe(2);
    expect(april.data).toEqual({ held: true, people: 200, exitsClear: true, note: null });
  });

  it("shows an old report with its own questions in 查看, and the export names the version when they mix", async () => {
    const march = await new Chat(h, "t_p2").say("查看 演练 2022-03");
    expect(march).toContain("以下按提交时的问题显示");
    expect(march).toContain("参加人数：300人");
    expect(march).not.toContain("疏散通道畅通");
    await new Chat(h, "t_p1").script("演练", "是", "100", "否", "跳过", "确认");
    const before = h.fake.deliveriesTo("T_Admin").length;
    await admin.say("导出 演练 2022-03..2022-04");
    const { wb } = await fileSentTo(h, "T_Admin", before);
    const rows = sheetRows(wb, "消防演练");
    const col = (rows[0] ?? []).indexOf("问题版本");
    expect(col).toBeGreaterThan(0);
    expect(rows.slice(1).map((r) => r[col])).toEqual(expect.arrayContaining([1, 2]));
    expect(rows[0]).toContain("疏散通道畅通");
  });

  it("brings a form left before the change back with 恢复 under the new questions, keeping what still fits", async () => {
    clock.set("2022-05-06T02:00:00Z");
    const k = new Chat(h, "t_p2");
    await k.say("演练");
    await k.say("是");
    expect(await k.say("取消")).toContain("已取消");
    const v3 = JSON.parse(readFileSync(path.join(FIXTURES, "fire-drill-v2.json"), "utf8"));
    v3.fields[1].prompt = "参加这次演练的师生共有多少人？";
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "kind-")), "v3.json");
    writeFileSync(file, JSON.stringify(v3));
    expect((await cli("kind", "load", file)).out).toContain("修改问题「参加人数」：提问");
    const back = await k.say("恢复");
    expect(back).toContain("问题刚由教育局更新（第 3 版）");
    expect(back).toContain("参加这次演练的师生共有多少人");
  });
});
