/**
 * The dashboard over real HTTP with the fake WeCom answering auth/getuserinfo: login through the redirect
 * and the callback (state bound to the browser, used once; a code works once), sessions in the database
 * (surviving a restart, ended by logout or expiry), and who sees what on every route.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { ManualClock } from "../../src/clock.js";
import { loadConfig } from "../../src/config.js";
import { planBurnUp } from "../../src/kinds/capabilities/plan-targets/figures.js";
import { loadPlan } from "../../src/plan/load-plan.js";
import { readPlanFile } from "../../src/plan/plan-file.js";
import { DATA_DIR } from "../../src/seed.js";
import { Browser } from "../support/browser.js";
import { Chat } from "../support/chat.js";
import { serve } from "../support/http.js";
import { memoryLogger } from "../support/log.js";
import { type Harness, wecomHarness } from "../support/wecom-harness.js";

const PUBLIC = "https://jyj.example.gov.cn";
const clock = new ManualClock("2022-03-09T02:00:00Z"); // Wednesday of 2022-W10
let h: Harness;
let photoId = 0;

beforeAll(async () => {
  h = await wecomHarness({ clock, env: { PUBLIC_URL: PUBLIC, DASHBOARD_SESSION_HOURS: "8" } });
  await loadPlan(h.db.prisma, readPlanFile(path.join(DATA_DIR, "plan-2022.json")));
  // The primary school reports a hazard with a photo; the kindergarten reports all clear.
  const p = new Chat(h, "t_p1");
  await p.say("安全检查");
  await p.script("是", "否", "3", "3", "3", "100", "100", "1", "二楼安全出口堆放杂物", "1", "2", "2022-03-20", "王主任");
  await p.photo();
  await p.say("跳过");
  expect(await p.say("确认")).toContain("✅ 已提交");
  const k = new Chat(h, "t_p2");
  await k.say("安全检查 无异常");
  await k.script("否", "3", "3", "3", "100", "100");
  await k.say("确认");
  photoId = (await h.db.prisma.hazard.findFirstOrThrow({ where: { photoId: { not: null } } })).photoId ?? 0;
});
afterAll(async () => {
  await h.close();
});

describe("signing in with WeCom", () => {
  it("sends a browser without a session to WeCom's web login, and one inside WeCom to OAuth, with PUBLIC_URL's callback", async () => {
    const pc = await new Browser(h.url, h.fake).get("/dashboard");
    expect(pc.status).toBe(302);
    const to = new URL(pc.headers.get("location") ?? "");
    expect(to.origin + to.pathname).toBe("https://login.work.weixin.qq.com/wwlogin/sso/login");
    expect(to.searchParams.get("login_type")).toBe("CorpApp");
    expect(to.searchParams.get("redirect_uri")).toBe(`${PUBLIC}/dashboard/auth/callback`);
    expect(to.searchParams.get("state")).toMatch(/^[0-9a-f]{32}$/);
    expect(pc.headers.getSetCookie().join()).toMatch(/dash_login=.*HttpOnly/i);
    const phone = await new Browser(h.url, h.fake, "Mozilla/5.0 wxwork/4.1.0").get("/dashboard", { headers: { host: "evil.example" } });
    const oauth = phone.headers.get("location") ?? "";
    expect(oauth.startsWith("https://open.weixin.qq.com/connect/oauth2/authorize?appid=")).toBe(true);
    expect(oauth).toContain(`redirect_uri=${encodeURIComponent(`${PUBLIC}/dashboard/auth/callback`)}`);
    expect(oauth).toContain("scope=snsapi_base");
    expect(oauth.endsWith("#wechat_redirect")).toBe(true);
  });

  it("opens a session for a viewer (HttpOnly, SameSite=Lax, Secure under https) whose overview shows the figures of the database", async () => {
    const b = new Browser(h.url, h.fake);
    const back = await b.login("T_Admin");
    expect(back.status).toBe(302);
    expect(back.headers.get("location")).toBe("/dashboard");
    const cookie = back.headers.getSetCookie().find((c) => c.startsWith("dash_session=")) ?? "";
    expect(cookie).toMatch(/httponly/i);
    expect(cookie).toMatch(/samesite=lax/i);
    expect(cookie).toMatch(/secure/i);
    const page = await b.get("/dashboard");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("script-src 'none'");
    const body = await page.text();
    expect(body).toContain("已提交<b>2/2</b>");
    expect(body).toContain("未整改隐患<b>1</b>");
    expect(body).not.toContain("[object");
    expect(body).toMatch(/已更新 \d+\/\d+ 项，落后于进度 <span[^>]*>\d+<\/span> 项/);
    const plan = await (await b.get("/dashboard/plan")).text();
    expect(plan).toContain("全年时间已过");
    expect(plan).toContain("<svg");
    const unit = await (await b.get("/dashboard/units/T-S1")).text();
    expect(unit).toContain("测试第一小学");
    expect(unit).toContain("二楼安全出口堆放杂物");
    expect((await b.get(`/dashboard/photos/${photoId}`)).status).toBe(200);
    const ledger = await (await b.get("/dashboard/hazards?severity=较大")).text();
    expect(ledger).toContain(`/dashboard/photos/${photoId}`);
    const xlsx = await b.get("/dashboard/export?report=安全检查&period=本周");
    expect(xlsx.headers.get("content-type")).toContain("spreadsheetml");
    expect(
      Buffer.from(await xlsx.arrayBuffer())
        .subarray(0, 2)
        .toString("latin1"),
    ).toBe("PK");
  });

  it("refuses a stranger, a name not on the roster, a replayed code and a state from another browser", async () => {
    expect((await new Browser(h.url, h.fake).login(null)).status).toBe(403);
    expect(await (await new Browser(h.url, h.fake).login("someone_else")).text()).toContain("名册中没有您");
    const b = new Browser(h.url, h.fake);
    const start = await b.get("/dashboard");
    const state = new URL(start.headers.get("location") ?? "").searchParams.get("state") ?? "";
    const code = h.fake.loginCode("T_Admin");
    // The state is this browser's: another browser with it is refused (the state travels signed in this browser's cookie).
    const thief = new Browser(h.url, h.fake);
    expect((await thief.get(`/dashboard/auth/callback?code=${code}&state=${state}`)).status).toBe(400);
    expect((await b.get(`/dashboard/auth/callback?code=${code}&state=${state}`)).status).toBe(302);
    // A code used once does not work again.
    const c = new Browser(h.url, h.fake);
    const s2 = new URL((await c.get("/dashboard")).headers.get("location") ?? "").searchParams.get("state") ?? "";
    const code2 = h.fake.loginCode("T_Admin");
    expect((await c.get(`/dashboard/auth/callback?code=${code2}&state=${s2}`)).status).toBe(302);
    const d = new Browser(h.url, h.fake);
    const s3 = new URL((await d.get("/dashboard")).headers.get("location") ?? "").searchParams.get("state") ?? "";
    expect((await d.get(`/dashboard/auth/callback?code=${code2}&state=${s3}`)).status).toBe(401);
    expect(await h.db.prisma.dashboardSession.count()).toBeGreaterThan(0);
  });
});

describe("the plan page", () => {
  it("draws each quantity target month by month from the units' latest entries up to each month's end", async () => {
    const target = await h.db.prisma.planTarget.findFirstOrThrow({ where: { kind: "quantity", aggregation: "sum", value: { not: null } } });
    const unit = await h.db.prisma.unit.findUniqueOrThrow({ where: { code: "T-S1" } });
    const by = await h.db.prisma.person.findFirstOrThrow({ where: { userid: "t_p1" } });
    const entry = (period: string, value: number) =>
      h.db.prisma.targetProgress.create({
        data: { targetId: target.id, unitId: unit.id, value, period, byId: by.id, at: new Date(`${period}-15T02:00:00Z`) },
      });
    await entry("2022-01", 3);
    await entry("2022-03", 7);
    const burn = (await planBurnUp(h.db.prisma, clock.now(), "Asia/Shanghai")).find((b) => b.name === target.name);
    expect(burn?.months).toEqual([
      { month: "2022-01", current: 3 },
      { month: "2022-02", current: 3 },
      { month: "2022-03", current: 7 },
    ]);
    const b = new Browser(h.url, h.fake);
    await b.login("T_Admin");
    const plan = await (await b.get("/dashboard/plan")).text();
    expect(plan).toContain("按月进度");
    expect(plan).toContain("<polyline");
    // A month axis under each burn-up, and a dot per month reported.
    expect(plan).toContain(">1月</text>");
    expect(plan).toContain(">12月</text>");
    expect(plan).toContain("<title>3月：7");
  });

  it("draws a target reported only once as its one point, not as nothing", async () => {
    const target = await h.db.prisma.planTarget.findFirstOrThrow({
      where: { kind: "quantity", aggregation: "sum", value: { not: null }, progress: { none: {} } },
    });
    const unit = await h.db.prisma.unit.findUniqueOrThrow({ where: { code: "T-S1" } });
    const by = await h.db.prisma.person.findFirstOrThrow({ where: { userid: "t_p1" } });
    await h.db.prisma.targetProgress.create({
      data: { targetId: target.id, unitId: unit.id, value: 2, period: "2022-03", byId: by.id, at: new Date("2022-03-02T02:00:00Z") },
    });
    const b = new Browser(h.url, h.fake);
    await b.login("T_Admin");
    const plan = await (await b.get("/dashboard/plan")).text();
    const row = plan.slice(plan.indexOf(`<td>${target.name}</td><td>${target.value}`));
    const svg = row.slice(0, row.indexOf("</svg>"));
    expect(svg).toContain("<circle");
    expect(svg).not.toContain("<polyline");
  });
});

describe("who sees what", () => {
  it("shows a principal only their unit: another unit's page, photo and export are 403, a guessed code too", async () => {
    const b = new Browser(h.url, h.fake);
    await b.login("t_p2");
    const overview = await (await b.get("/dashboard")).text();
    expect(overview).toContain("已提交<b>1/1</b>");
    expect((await b.get("/dashboard/units/T-K1")).status).toBe(200);
    expect((await b.get("/dashboard/units/T-S1")).status).toBe(403);
    expect((await b.get("/dashboard/units/NO-SUCH")).status).toBe(403);
    expect((await b.get(`/dashboard/photos/${photoId}`)).status).toBe(403);
    expect((await b.get(`/dashboard/photos/${photoId + 1000}`)).status).toBe(403);
    expect((await b.get("/dashboard/export?report=安全检查&period=本周&unit=T-S1")).status).toBe(403);
    // The principal's own export is named after the school, as in the chat, not after the person.
    const own = await b.get("/dashboard/export?report=安全检查&period=本周");
    expect(own.status).toBe(200);
    expect(decodeURIComponent(own.headers.get("content-disposition") ?? "")).toContain("测试中心幼儿园安全检查_");
    const ledger = await (await b.get("/dashboard/hazards")).text();
    expect(ledger).not.toContain("二楼安全出口堆放杂物");
    // The township filter lists only what the principal may see: their own school's township.
    expect(ledger).toContain('<option value="社渚镇"');
    expect(ledger).not.toContain('<option value="溧城街道"');
    expect(await (await b.get("/dashboard/units")).text()).not.toContain("测试第一小学");
  });

  it("serves a photo with no-store (nothing stays in a shared PC's cache), and answers an id out of range with 404, not 500", async () => {
    const b = new Browser(h.url, h.fake);
    await b.login("T_Admin");
    const photo = await b.get(`/dashboard/photos/${photoId}`);
    expect(photo.status).toBe(200);
    expect(photo.headers.get("cache-control")).toBe("no-store");
    for (const id of ["99999999999999999999", "2147483648", "1e3", "0x10", "-1", "0"])
      expect({ id, status: (await b.get(`/dashboard/photos/${id}`)).status }).toEqual({ id, status: 404 });
    // No error logged for them (it had been a 500 with the database's overflow in the log).
    expect(h.log.lines().filter((l) => Number(l.level) >= 50 && JSON.stringify(l).includes("photos/"))).toEqual([]);
  });

  it("walks every route for every role: each answers 200 or 403 as the roles say, never another unit's data", async () => {
    const routes = [
      "/dashboard",
      "/dashboard/hazards",
      "/dashboard/units",
      "/dashboard/units/T-S1",
      "/dashboard/units/T-K1",
      `/dashboard/photos/${photoId}`,
    ];
    const expected: Record<string, number[]> = {
      T_Admin: [200, 200, 200, 200, 200, 200], // admin and viewer: every unit
      t_p1: [200, 200, 200, 200, 403, 200], // T-S1's principal
      t_r1: [200, 200, 200, 200, 403, 200], // T-S1's reporter
      t_p2: [200, 200, 200, 403, 200, 403], // T-K1's principal
      t_insp: [200, 200, 200, 200, 200, 200], // inspector of T-S1 and T-K1
    };
    for (const [userid, statuses] of Object.entries(expected)) {
      const b = new Browser(h.url, h.fake);
      await b.login(userid);
      const got = [];
      for (const r of routes) got.push((await b.get(r)).status);
      expect({ userid, got }).toEqual({ userid, got: statuses });
    }
    // Without a session every route goes to login, never shows data.
    const anon = new Browser(h.url, h.fake);
    for (const r of routes) expect((await anon.get(r)).status).toBe(302);
  });
});

describe("logins under way", () => {
  it("cost nothing shared: 10,000 visitors without a session store no row, and a real person signs in among them", async () => {
    const rows = async () => (await h.db.prisma.loginState.count()) + (await h.db.prisma.dashboardSession.count());
    const before = await rows();
    const flood = async (n: number) => {
      for (let i = 0; i < n; i += 100)
        await Promise.all(
          Array.from({ length: 100 }, () => fetch(`${h.url}/dashboard`, { redirect: "manual" }).then((r) => expect(r.status).toBe(302))),
        );
    };
    await flood(5_000);
    const b = new Browser(h.url, h.fake);
    expect((await b.login("T_Admin")).status).toBe(302);
    await flood(5_000);
    expect((await b.get("/dashboard")).status).toBe(200);
    // One session (and the one used state) for the one person who proved who they are; nothing for the 10,000.
    expect(await rows()).toBe(before + 2);
  }, 120_000);

  it("refuse a state signed by another installation, an expired one, and the same callback replayed", async () => {
    const b = new Browser(h.url, h.fake);
    const start = await b.get("/dashboard");
    const state = new URL(start.headers.get("location") ?? "").searchParams.get("state") ?? "";
    const cookie = b.cookies.get("dash_login") ?? "";
    const [, until] = cookie.split(".");
    // Forged: the same state and expiry under another signature.
    b.cookies.set("dash_login", `${state}.${until}.${"A".repeat(43)}`);
    expect((await b.get(`/dashboard/auth/callback?code=${h.fake.loginCode("T_Admin")}&state=${state}`)).status).toBe(400);
    // Expired: a real cookie used after its 10 minutes.
    const c = new Browser(h.url, h.fake);
    const s2 = new URL((await c.get("/dashboard")).headers.get("location") ?? "").searchParams.get("state") ?? "";
    clock.advance(11 * 60_000);
    expect((await c.get(`/dashboard/auth/callback?code=${h.fake.loginCode("T_Admin")}&state=${s2}`)).status).toBe(400);
    // Replayed: the same state and cookie again after it signed someone in.
    const d = new Browser(h.url, h.fake);
    const s3 = new URL((await d.get("/dashboard")).headers.get("location") ?? "").searchParams.get("state") ?? "";
    const jar = new Map(d.cookies);
    expect((await d.get(`/dashboard/auth/callback?code=${h.fake.loginCode("T_Admin")}&state=${s3}`)).status).toBe(302);
    const replay = new Browser(h.url, h.fake);
    for (const [k, v] of jar) replay.cookies.set(k, v);
    expect((await replay.get(`/dashboard/auth/callback?code=${h.fake.loginCode("T_Admin")}&state=${s3}`)).status).toBe(400);
  });
});

describe("sessions", () => {
  it("survive a restart, end at logout, and end when DASHBOARD_SESSION_HOURS have passed", async () => {
    const b = new Browser(h.url, h.fake);
    await b.login("T_Admin");
    // A second server over the same database (a restart) knows the session.
    const config = loadConfig({ DATABASE_URL: h.db.url, PUBLIC_URL: PUBLIC });
    const again = await serve(createApp({ config, db: h.db, logger: memoryLogger().logger, clock, wecom: h.wecomDeps }));
    try {
      const b2 = new Browser(again.url, h.fake);
      for (const [k, v] of b.cookies) b2.cookies.set(k, v);
      expect((await b2.get("/dashboard")).status).toBe(200);
    } finally {
      await again.close();
    }
    // A typed /dashboard/logout is a page with the button, not a bare 405; the button's POST signs out.
    const ask = await b.get("/dashboard/logout");
    expect(ask.status).toBe(200);
    expect(await ask.text()).toContain('<form method="post" action="/dashboard/logout">');
    expect((await b.get("/dashboard")).status).toBe(200);
    expect((await b.get("/dashboard/logout", { method: "POST" })).status).toBe(200);
    expect((await b.get("/dashboard")).status).toBe(302);

    const c = new Browser(h.url, h.fake);
    await c.login("T_Admin");
    expect((await c.get("/dashboard")).status).toBe(200);
    clock.advance(8 * 3_600_000 + 1000);
    expect((await c.get("/dashboard")).status).toBe(302);
  });
});
