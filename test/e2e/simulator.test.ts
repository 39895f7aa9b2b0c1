/**
 * The whole story in a real browser (Debian's chromium, driven by
 * playwright-core): a principal completes a safety inspection with one
 * hazard; the admin binds a group, adds a digest, fires it, and sees the
 * hazard counted in the group's digest. A screenshot of each step goes to
 * test/screenshots/ (ignored by git).
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

async function shot(name: string) {
  step++;
  await page.screenshot({ path: path.join(SHOTS, `${String(step).padStart(2, "0")}-${name}.png`), fullPage: true });
}

async function become(search: string) {
  await page.fill("#search", search);
  await page.locator(".person", { hasText: search }).first().click();
  await expect.poll(() => page.textContent("#as")).toContain(search);
}

async function say(text: string, expectInReply?: string) {
  const before = await page.locator(".msg.bot").count();
  await page.fill("#text", text);
  await page.click("#send");
  await expect.poll(() => page.locator(".msg.bot").count(), { timeout: 10_000 }).toBeGreaterThan(before);
  const last = (await page.locator(".msg.bot .bubble").last().textContent()) ?? "";
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
  page = await browser.newPage({ viewport: { width: 414, height: 860 }, locale: "zh-CN" });
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
    await say("跳过"); // no photo
    await say("跳过", "请核对"); // 备注
    await shot("review");
    await say("确认", "✅ 已提交");
    await shot("submitted");
  }, 120_000);

  it("lets the admin bind a group, add a digest, fire it, and see the hazard counted", async () => {
    await become("管理员（演示）");
    await say("群 绑定 安全群 simulator-robot-key 安全", "已绑定群“安全群”");
    await say("摘要 新增 日报 每天 17:30 安全群", "回复“确认”保存");
    await say("确认", "已保存摘要 1");
    await shot("admin-chat");
    await page.click('nav button[data-tab="schedules"]');
    await page.locator("#schedule-list button").first().click();
    await page.click('nav button[data-tab="groups"]');
    const card = page.locator('.card[data-group="安全群"]');
    await expect.poll(() => card.textContent(), { timeout: 15_000 }).toContain("未整改隐患 1 处");
    expect(await card.innerHTML()).toContain("<h4>安全日报");
    await shot("group-digest");
  }, 120_000);
});
