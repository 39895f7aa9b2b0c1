/**
 * The whole story in a real browser (Debian's chromium, driven by
 * playwright-core): a principal completes a safety inspection with one
 * hazard; the admin binds a group, adds a digest, fires it, and sees the
 * hazard counted in the group's digest; then a week is played: a principal
 * who does nothing is chased in person, escalated once to the group in one
 * message with the other late schools, and sees the overdue report in 我的
 * the next week. A screenshot of each step goes to test/screenshots/
 * (ignored by git).
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../../src/db/providers.js";
import { type Started, startMain } from "../support/process.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SHOTS = path.join(ROOT, "test", "screenshots");
const dataDir = mkdtempSync(path.join(os.tmpdir(), "sim-e2e-"));
let app: Started;
let browser: Browser;
let page: Page;
let step = 0;

/** `screen`: only what the phone's screen shows (the chat's newest messages), not the whole page. */
async function shot(name: string, screen = false) {
  step++;
  await page.screenshot({ path: path.join(SHOTS, `${String(step).padStart(2, "0")}-${name}.png`), fullPage: !screen });
}

async function become(search: string) {
  await page.fill("#search", search);
  await page.locator(".person", { hasText: search }).first().click();
  await expect.poll(() => page.textContent("#as")).toContain(search);
}

/** Moves the simulator's clock with its header buttons, and waits for the label to show the new time. */
async function move(to: "hour" | "day" | "monday" | "deadline") {
  const id = { hour: "#plus-hour", day: "#plus-day", monday: "#to-monday", deadline: "#to-deadline" }[to];
  // A jump fires and sends everything due on the way (a week of rounds): wait for the page's request to answer.
  const answered = page.waitForResponse((r) => r.url().endsWith("/sim/api/clock") && r.request().method() === "POST", {
    timeout: 60_000,
  });
  await page.click(id);
  await answered;
  await page.waitForTimeout(400); // the page redraws what arrived
}

/** Everything the fake WeCom delivered so far. */
type SimDelivery = {
  channel: string;
  to: string[];
  msgtype: string;
  content: string;
  mentioned: string[];
  at: string;
  card?: { title: string; buttons: { text: string; key: string }[] };
};
async function deliveries(): Promise<SimDelivery[]> {
  return page.evaluate(async () => (await (await fetch("/sim/api/messages")).json()) as SimDelivery[]);
}

async function say(text: string, expectInReply?: string) {
  const before = await page.locator("#messages .msg.bot").count();
  await page.fill("#text", text);
  await page.click("#send");
  await expect.poll(() => page.locator("#messages .msg.bot").count(), { timeout: 10_000 }).toBeGreaterThan(before);
  const last = (await page.locator("#messages .msg.bot .bubble").last().textContent()) ?? "";
  if (expectInReply) expect(last).toContain(expectInReply);
  return last;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  app = await startMain({ DATABASE_URL: `file:${path.join(dataDir, "sim.db")}` }, 60_000);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
  // A phone: 390 × 844 CSS pixels (the size the week of real use was played on).
  page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: "zh-CN" });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  app?.child.kill("SIGTERM");
  await app?.exited;
  rmSync(dataDir, { recursive: true, force: true });
});

describe("the simulator in a browser", () => {
  it("prints its URL when started without a WeCom account", () => {
    expect(app.stdout()).toMatch(/本地模拟器（无需企业微信账号）：http:\/\/localhost:\d+\/sim/);
  });

  it("lets a principal complete a safety inspection with one hazard", async () => {
    await page.goto(`${app.url}/sim`);
    await expect.poll(() => page.locator(".person").count()).toBeGreaterThan(5);
    await shot("roster");
    await become("张伟（演示）");
    await say("安全检查", "开始填写");
    for (const a of ["是", "否", "3", "3", "1", "是", "是", "100", "100"]) await say(a);
    await say("1", "请描述这处隐患");
    for (const a of ["二楼东侧安全出口堆放杂物", "1", "2", "下周五", "王主任"]) await say(a);
    // The photo, as the simulator's camera button sends one.
    const beforePhoto = await page.locator("#messages .msg.bot").count();
    await page.click("#photo");
    await expect.poll(() => page.locator("#messages .msg.bot").count(), { timeout: 10_000 }).toBeGreaterThan(beforePhoto);
    await say("跳过", "请核对"); // 备注
    await shot("review");
    await say("确认", "✅ 已提交");
    // On a phone the newest bubble ends above the input bar, and the person list has folded away.
    const bubble = await page.locator("#messages .msg.bot").last().boundingBox();
    const compose = await page.locator("#chat .compose").boundingBox();
    expect(bubble && compose && bubble.y + bubble.height <= compose.y + 1).toBe(true);
    expect(await page.locator("#people").isVisible()).toBe(false);
    await shot("submitted");
  }, 120_000);

  it("lets the admin bind a group, add a digest, fire it, and see the hazard counted", async () => {
    await become("管理员（演示）");
    await say("群 绑定 安全群 simulator-robot-key 安全", "已绑定群“安全群”");
    await say("摘要 新增 日报 每天 17:30 安全群", "回复“确认”保存");
    await say("确认", "已保存摘要 1");
    await shot("admin-chat");
    await page.click('nav button[data-tab="schedules"]');
    // 立即触发: visible (not white on white) and on one line.
    const trigger = page.locator("#schedule-list button").first();
    expect(
      await trigger.evaluate(
        (b) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(b).backgroundColor,
      ),
    ).not.toBe("rgb(255, 255, 255)");
    expect((await trigger.boundingBox())?.height ?? 99).toBeLessThan(40);
    await shot("schedules");
    await trigger.click();
    await page.click('nav button[data-tab="groups"]');
    const card = page.locator('.card[data-group="安全群"]');
    await expect.poll(() => card.textContent(), { timeout: 15_000 }).toContain("未整改隐患 1 处");
    expect(await card.innerHTML()).toContain("<h4>安全日报");
    expect(await card.locator(".at").count()).toBeGreaterThan(0); // each group message has its time
    await shot("group-digest");
  }, 120_000);

  it("shows the clock moving by the second, not every 30 s", async () => {
    const a = await page.textContent("#clock");
    await page.waitForTimeout(2_100);
    expect(await page.textContent("#clock")).not.toBe(a);
  });

  it("plays a week: a principal who does nothing is chased in person, escalated once in one group message, and sees the overdue report the next week", async () => {
    await page.click('nav button[data-tab="chat"]');
    await become("管理员（演示）");
    await move("monday"); // Monday 08:00 of next week: nobody has reported yet
    await say("提醒 新增 安全 每天 09:00 未填报", "回复“确认”保存");
    await say("确认", "已保存提醒");
    await move("hour");
    await move("hour"); // 10:00: the day's reminder went an hour ago
    await move("day"); // Tuesday
    await move("day"); // Wednesday: the third round escalates
    const all = await deliveries();
    const chased = all.filter((d) => d.channel === "app" && d.to.includes("demo_p_lc02") && d.card?.title.includes("⏰ 安全检查"));
    expect(chased.length).toBeGreaterThanOrEqual(3);
    const escalations = all.filter((d) => d.channel === "robot" && d.content.includes("仍未提交，请督促"));
    expect(escalations).toHaveLength(1);
    expect(escalations[0]?.content).toContain("溧城演示初级中学（溧城街道，刘洋（演示））");
    expect(escalations[0]?.content).toContain("昆仑演示小学");
    expect(escalations[0]?.mentioned).toEqual(expect.arrayContaining(["demo_p_lc02"]));
    await page.click('nav button[data-tab="groups"]');
    await expect.poll(() => page.locator('.card[data-group="安全群"]').textContent()).toContain("请督促");
    await shot("group-escalation");
    await page.click('nav button[data-tab="chat"]');
    await move("monday");
    await become("刘洋（演示）");
    await say("我的", "逾期未报，发送“安全检查 上周”补报");
    await shot("overdue-in-me");
  }, 180_000);

  it("lets a principal report a normal week in two taps on the reminder card, each tapped card greyed with what it did", async () => {
    await become("张伟（演示）");
    await move("hour");
    await move("hour"); // 10:00: the day's reminder, a card, went at 09:00
    const reminder = page.locator("#messages .wcard", { hasText: "⏰ 安全检查还没有提交" }).last();
    await expect.poll(() => reminder.count(), { timeout: 10_000 }).toBe(1);
    await shot("reminder-card", true);
    await reminder.locator("button", { hasText: "本周无异常，一键上报" }).click();
    const summary = page.locator("#messages .wcard", { hasText: "核对无误请点" }).last();
    await expect.poll(() => summary.count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => reminder.locator(".tapped").textContent(), { timeout: 10_000 }).toContain("已预填无异常");
    await shot("all-clear-summary", true);
    await summary.locator("button", { hasText: "确认提交" }).click();
    await expect.poll(() => page.locator("#messages .msg.bot").last().textContent(), { timeout: 10_000 }).toContain("✅ 已提交");
    await expect.poll(() => summary.locator(".tapped").textContent(), { timeout: 10_000 }).toContain("提交");
    expect(await summary.locator("button").count()).toBe(0); // greyed: nothing left to tap
    await shot("all-clear-submitted", true);
  }, 120_000);

  it("gives the admin an export as a download link, and shows the 周报's chart in the group", async () => {
    await page.click('nav button[data-tab="chat"]');
    await become("管理员（演示）");
    const before = await page.locator("#messages a.file").count();
    await page.fill("#text", "导出 安全检查 本周");
    await page.click("#send");
    await expect.poll(() => page.locator("#messages a.file").count(), { timeout: 15_000 }).toBe(before + 1);
    const link = page.locator("#messages a.file").last();
    expect(await link.textContent()).toMatch(/^溧阳市安全检查_\d{4}-W\d{2}\.xlsx$/);
    const href = (await link.getAttribute("href")) ?? "";
    const head = await page.evaluate(async (u) => [...new Uint8Array(await (await fetch(u)).arrayBuffer()).slice(0, 2)], href);
    expect(head).toEqual([0x50, 0x4b]); // a zip: the XLSX
    await shot("export-link", true);

    await say("摘要 新增 周报 每周一 09:00 安全群", "回复“确认”保存");
    await say("确认", "已保存摘要");
    const digests = await page.evaluate(async () => (await (await fetch("/sim/api/schedules")).json()) as { job: string; id: number }[]);
    const weekly = digests.filter((d) => d.job === "digest").at(-1);
    await page.evaluate(
      async (id) =>
        fetch("/sim/api/fire", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ job: "digest", id }),
        }),
      weekly?.id ?? 0,
    );
    await page.click('nav button[data-tab="groups"]');
    const chart = page.locator('.card[data-group="安全群"] img.chart').last();
    await expect.poll(() => chart.count(), { timeout: 15_000 }).toBe(1);
    await expect
      .poll(() => chart.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(600);
    await chart.scrollIntoViewIfNeeded();
    await shot("group-chart", true);
  }, 120_000);

  it("lets a bureau viewer ask the intelligent bot in the group chat, and sends a principal's report command to the 1:1 chat", async () => {
    await page.click('nav button[data-tab="chat"]');
    await become("王局长");
    await page.click('nav button[data-tab="groups"]');
    const ask = async (text: string) => {
      const before = await page.locator("#group-chat .msg.bot").count();
      await page.fill("#group-text", text);
      await page.click("#group-send");
      await expect.poll(() => page.locator("#group-chat .msg.bot").count(), { timeout: 15_000 }).toBeGreaterThan(before);
      return (await page.locator("#group-chat .msg.bot .bubble").last().textContent()) ?? "";
    };
    const missing = await ask("@机器人 未填报 安全检查");
    expect(missing).toContain("安全检查");
    expect(missing).not.toContain("限教育局查看人员和管理员");
    await shot("bot-group", true);
    await page.click('nav button[data-tab="chat"]');
    await become("张伟");
    await page.click('nav button[data-tab="groups"]');
    expect(await ask("@机器人 安全检查")).toContain("请在与我的单聊中填报");
  }, 60_000);

  it("plays a month with the header's buttons only: every 日报, 周报 and reminder round due on the way arrives, once each, in order", async () => {
    await page.click('nav button[data-tab="chat"]');
    const clockNow = async () =>
      new Date(await page.evaluate(async () => ((await (await fetch("/sim/api/clock")).json()) as { now: string }).now));
    const before = (await deliveries()).length;
    const from = await clockNow();
    for (let i = 0; i < 5; i++) await move("monday");
    await move("day"); // Tuesday 08:00: the last round passed was Monday's
    const to = await clockNow();
    const sent = (await deliveries()).slice(before);
    // What the real clock passed: each 17:30 (日报), each Monday 09:00 (周报), each 09:00 (the reminder, 每天).
    const beijing = (t: Date) => new Date(t.getTime() + 8 * 3_600_000);
    let evenings = 0;
    let mondays = 0;
    const mornings: string[] = [];
    for (let t = new Date(Math.ceil(from.getTime() / 60_000) * 60_000); t <= to; t = new Date(t.getTime() + 60_000)) {
      const b = beijing(t);
      if (b.getUTCHours() === 17 && b.getUTCMinutes() === 30) evenings++;
      if (b.getUTCHours() === 9 && b.getUTCMinutes() === 0) {
        mornings.push(b.toISOString().slice(0, 10));
        if (b.getUTCDay() === 1) mondays++;
      }
    }
    expect(evenings).toBeGreaterThanOrEqual(28);
    expect(sent.filter((d) => d.channel === "robot" && d.content.includes("## 安全日报"))).toHaveLength(evenings);
    expect(sent.filter((d) => d.channel === "robot" && d.content.includes("## 教育工作周报"))).toHaveLength(mondays);
    const rounds = new Set(
      sent
        .filter((d) => d.channel === "app" && d.card?.title.includes("⏰ 安全检查"))
        .map((d) => beijing(new Date(d.at)).toISOString().slice(0, 10)),
    );
    expect([...rounds].sort()).toEqual(mornings);
    const times = sent.map((d) => new Date(d.at).getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    await page.click('nav button[data-tab="groups"]');
    await shot("group-month");
    await page.click('nav button[data-tab="chat"]');
  }, 300_000);

  it("opens the dashboard through the simulator's login: the overview, the ledger with its photo, a unit's page, at phone and PC widths", async () => {
    for (const width of [390, 1280]) {
      const ctx = await browser.newContext({ viewport: { width, height: width === 390 ? 844 : 900 }, locale: "zh-CN" });
      const p = await ctx.newPage();
      await p.goto(`${app.url}/dashboard`);
      await p.click("text=管理员（演示）");
      await expect.poll(() => p.textContent("h1")).toBe("总览");
      expect(await p.textContent("main")).toContain("安全检查");
      // The bars at a fixed scale: 360 px wide at most, on a phone and on a PC alike (not stretched to the page).
      const bars = await p.locator("svg.bars").first().boundingBox();
      expect(bars?.width).toBeLessThanOrEqual(360);
      expect(bars?.width).toBeGreaterThan(300);
      await p.screenshot({ path: path.join(SHOTS, `dashboard-overview-${width}.png`), fullPage: true });
      await p.goto(`${app.url}/dashboard/hazards`);
      const photo = p.locator("img.photo").first();
      await expect.poll(() => photo.count()).toBe(1);
      const src = (await photo.getAttribute("src")) ?? "";
      expect(await p.evaluate(async (u) => (await fetch(u)).headers.get("content-type"), src)).toBe("image/png");
      expect(await photo.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(240); // drawn, not broken
      expect(await p.textContent("main")).toContain("二楼东侧安全出口堆放杂物");
      // Nothing wider than the screen: on a phone the ledger is a card per hazard, on a PC a table.
      // (The page's globals, typed by hand: this project's TypeScript has no DOM library.)
      const fits = await p.evaluate(() => {
        const g = globalThis as unknown as { document: { documentElement: { scrollWidth: number } }; innerWidth: number };
        return g.document.documentElement.scrollWidth <= g.innerWidth;
      });
      expect(fits).toBe(true);
      const display = await p
        .locator("table.ledger tr")
        .nth(1)
        .evaluate((tr) => (globalThis as unknown as { getComputedStyle(e: unknown): { display: string } }).getComputedStyle(tr).display);
      expect(display).toBe(width === 390 ? "block" : "table-row");
      await p.screenshot({ path: path.join(SHOTS, `dashboard-ledger-${width}.png`), fullPage: true });
      await p.locator("main table a").first().click();
      await expect.poll(() => p.textContent("main")).toContain("隐患（");
      await p.screenshot({ path: path.join(SHOTS, `dashboard-unit-${width}.png`), fullPage: true });
      await p.goto(`${app.url}/dashboard/plan`);
      await expect.poll(() => p.textContent("main")).toContain("按月进度");
      const burnUp = await p.locator("svg.burnup").first().boundingBox();
      expect(burnUp?.width).toBeLessThanOrEqual(300);
      await p.screenshot({ path: path.join(SHOTS, `dashboard-plan-${width}.png`), fullPage: true });
      await ctx.close();
    }
    // A principal sees their own school only.
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "zh-CN" });
    const p = await ctx.newPage();
    await p.goto(`${app.url}/dashboard`);
    await p.click("text=张伟（演示）");
    await expect.poll(() => p.textContent("h1")).toBe("总览");
    await p.goto(`${app.url}/dashboard/units`);
    expect(await p.locator("main table a").count()).toBe(1);
    await ctx.close();
  }, 120_000);
});
