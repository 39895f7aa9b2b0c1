import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AibotConnection } from "../../src/aibot/connection.js";
import { createApp } from "../../src/app.js";
import { card, file } from "../../src/chat/reply.js";
import { loadConfig } from "../../src/config.js";
import { importRoster } from "../../src/roster/import-roster.js";
import { simRoutes } from "../../src/sim/routes.js";
import { createSimulator, type Simulator } from "../../src/sim/simulator.js";
import { WeComAppTransport } from "../../src/wecom/transport.js";
import { freshDatabase, type TestDatabase } from "../support/db.js";
import { serve } from "../support/http.js";
import { memoryLogger } from "../support/log.js";
import { eventually } from "../support/wecom-harness.js";

let t: TestDatabase;
let sim: Simulator;
let server: Awaited<ReturnType<typeof serve>>;
let aibot: AibotConnection | null = null;
beforeAll(async () => {
  t = await freshDatabase();
  await importRoster(t.prisma, path.join(import.meta.dirname, "..", "fixtures", "roster-good.csv"));
  const config = loadConfig({ DATABASE_URL: t.url });
  const { logger } = memoryLogger();
  sim = await createSimulator(t, config, logger);
  const app = createApp({
    config: { ...config, aibot: sim.aibot.config },
    db: t,
    logger,
    clock: sim.clock,
    wecom: sim.wecom,
    simLogin: (u) => sim.fake.loginCode(u),
    aibot: (c) => {
      aibot = c;
      c.start();
    },
  });
  const routes = simRoutes(sim, t.prisma, config.timezone);
  app.use(routes.routes());
  server = await serve(app);
  sim.setCallbackUrl(`${server.url}/wecom/callback`);
});
afterAll(async () => {
  await aibot?.stop();
  await server.close();
  await sim.stop();
  await t.drop();
});

const post = (p: string, body: string) =>
  fetch(`${server.url}/sim/api/${p}`, { method: "POST", headers: { "content-type": "application/json" }, body });

/** One request with exactly these headers; its status. */
function raw(method: string, p: string, headers: Record<string, string>, body = ""): Promise<number> {
  const u = new URL(`${server.url}${p}`);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname, method, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("the simulator's API", () => {
  it("changes nothing for another web page: form posts and text/plain 415, a foreign Origin 403, a host name other than this machine's 403", async () => {
    const before = await t.prisma.inboundDedupe.count();
    const body = JSON.stringify({ userid: "t_admin", text: "群 列表" });
    const form = await fetch(`${server.url}/sim/api/say`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "userid=t_admin&text=x",
    });
    expect(form.status).toBe(415);
    expect((await fetch(`${server.url}/sim/api/say`, { method: "POST", headers: { "content-type": "text/plain" }, body })).status).toBe(
      415,
    );
    // Raw requests: fetch() may not send Origin, Sec-Fetch-Site or a Host of our choosing.
    expect(await raw("POST", "/sim/api/say", { "content-type": "application/json", origin: "http://evil.example" }, body)).toBe(403);
    const crossSite = { "content-type": "application/json", "sec-fetch-site": "cross-site" };
    expect(await raw("POST", "/sim/api/clock", crossSite, JSON.stringify({ to: "day" }))).toBe(403);
    expect(await raw("GET", "/sim/api/people", { host: "attacker.example" })).toBe(403);
    expect(await t.prisma.inboundDedupe.count()).toBe(before);
    const own = await fetch(`${server.url}/sim/api/say`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: server.url, "sec-fetch-site": "same-origin" },
      body: JSON.stringify({ userid: "t_p1", text: "帮助" }),
    });
    expect(own.status).toBe(200);
    await t.prisma.inboundDedupe.deleteMany({});
  });

  it("chats through the real encrypted callback", async () => {
    const r = await post("say", JSON.stringify({ userid: "t_p1", text: "帮助" }));
    expect(r.status).toBe(200);
    expect(((await r.json()) as { reply: string }).reply).toContain("测试校长甲，您可以发送");
    expect(await t.prisma.inboundDedupe.count()).toBe(1);
  });

  it("finds people by name, school or userid", async () => {
    const people = (await (await fetch(`${server.url}/sim/api/people?q=${encodeURIComponent("幼儿园")}`)).json()) as { userid: string }[];
    expect(people.map((p) => p.userid)).toEqual(["t_p2"]);
  });

  it("answers bad requests with 400 or 413 and does nothing", async () => {
    const before = await t.prisma.inboundDedupe.count();
    expect((await post("say", "{not json")).status).toBe(400);
    expect((await post("say", JSON.stringify({ userid: "", text: "x" }))).status).toBe(400);
    expect((await post("clock", JSON.stringify({ to: "yesterday" }))).status).toBe(400);
    expect((await post("say", JSON.stringify({ userid: "t_p1", text: "x".repeat(20_000) }))).status).toBe(413);
    expect(await t.prisma.inboundDedupe.count()).toBe(before);
  });

  it("moves the simulated clock forward only", async () => {
    const a = new Date(((await (await fetch(`${server.url}/sim/api/clock`)).json()) as { now: string }).now);
    const b = new Date(((await (await post("clock", JSON.stringify({ to: "monday" }))).json()) as { now: string }).now);
    expect(b.getTime()).toBeGreaterThan(a.getTime());
  });

  it("taps a card's button through the real callback, once: a greyed card, another person's or a missing button answer 409 and change nothing", async () => {
    await new WeComAppTransport(sim.wecom.api).send(
      { channel: "app", userids: ["t_p2"] },
      card(
        { taskId: "sim-tap-1", title: "⏰ 安全检查还没有提交", buttons: [{ key: "安全检查 无异常", text: "本周无异常，一键上报" }] },
        "x",
      ),
    );
    const shown = (await (await fetch(`${server.url}/sim/api/messages`)).json()) as { msgtype: string; card?: { taskId: string } }[];
    expect(shown.find((m) => m.card?.taskId === "sim-tap-1")?.msgtype).toBe("template_card");
    const before = await t.prisma.inboundDedupe.count();
    expect((await post("tap", JSON.stringify({ userid: "t_p1", taskId: "sim-tap-1", key: "安全检查 无异常" }))).status).toBe(409);
    expect((await post("tap", JSON.stringify({ userid: "t_p2", taskId: "sim-tap-1", key: "别的" }))).status).toBe(409);
    expect((await post("tap", JSON.stringify({ userid: "t_p2", taskId: "", key: "x" }))).status).toBe(400);
    expect(await t.prisma.inboundDedupe.count()).toBe(before);
    expect((await post("tap", JSON.stringify({ userid: "t_p2", taskId: "sim-tap-1", key: "安全检查 无异常" }))).status).toBe(200);
    expect(await t.prisma.inboundDedupe.count()).toBe(before + 1);
    await expect.poll(() => sim.fake.cards.sent.get("sim-tap-1")?.replacedFor.get("t_p2"), { timeout: 5_000 }).toContain("填报中");
    expect((await post("tap", JSON.stringify({ userid: "t_p2", taskId: "sim-tap-1", key: "安全检查 无异常" }))).status).toBe(409);
  });

  it("serves a delivered file's bytes by its place in the list, and 404 for any other place", async () => {
    await new WeComAppTransport(sim.wecom.api).send(
      { channel: "app", userids: ["t_p1"] },
      file("测试导出.xlsx", Buffer.from("PK\u0003\u0004 not really")),
    );
    const list = (await (await fetch(`${server.url}/sim/api/messages`)).json()) as { index: number; media?: { name: string } }[];
    const f = list.find((m) => m.media?.name === "测试导出.xlsx");
    const r = await fetch(`${server.url}/sim/api/media/${f?.index}`);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-disposition")).toBe(`attachment; filename*=UTF-8''${encodeURIComponent("测试导出.xlsx")}`);
    expect((await r.text()).startsWith("PK")).toBe(true);
    for (const bad of ["999999", "-1", "abc", "0"]) expect((await fetch(`${server.url}/sim/api/media/${bad}`)).status).toBe(404);
  });

  it("signs in to the dashboard as any roster person through its stand-in for WeCom's login page", async () => {
    const jar = new Map<string, string>();
    const get = async (p: string) => {
      const r = await fetch(p.startsWith("http") ? p : `${server.url}${p}`, {
        redirect: "manual",
        headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; ") },
      });
      for (const c of r.headers.getSetCookie()) {
        const [k = "", v = ""] = (c.split(";")[0] ?? "").split("=");
        if (v) jar.set(k, v);
      }
      return r;
    };
    const start = await get("/dashboard");
    expect(start.headers.get("location")).toMatch(/^\/dashboard\/auth\/sim\?state=[0-9a-f]{32}$/);
    const picker = await (await get(start.headers.get("location") ?? "")).text();
    const link = /href="(\/dashboard\/auth\/sim\/go\?userid=T_Admin&amp;state=[0-9a-f]+)"/.exec(picker)?.[1]?.replace("&amp;", "&");
    expect(link).toBeDefined();
    const callback = (await get(link ?? "")).headers.get("location") ?? "";
    expect((await get(callback)).headers.get("location")).toBe("/dashboard");
    const overview = await get("/dashboard");
    expect(overview.status).toBe(200);
    expect(await overview.text()).toContain("测试管理员");
  });
});

describe("the simulator's group chat with the intelligent bot", () => {
  const groupSay = async (userid: string, text: string) => {
    const r = await post("group-say", JSON.stringify({ userid, text }));
    expect(r.status).toBe(200);
    return ((await r.json()) as { replies: string[] }).replies.join("\n");
  };

  it("answers @机器人 汇总 from an admin over the long connection, refuses a principal in one line, and sends reporting to the 1:1 chat", async () => {
    await eventually(() => sim.aibot.fake.live, 10_000);
    const summary = await groupSay("T_Admin", "@机器人 汇总");
    expect(summary).toMatch(/安全检查/);
    expect(summary).not.toContain("限教育局查看人员和管理员");
    expect(await groupSay("t_p1", "@机器人 汇总")).toContain("限教育局查看人员和管理员");
    expect(await groupSay("t_p1", "@机器人 安全检查")).toBe("请在与我的单聊中填报。");
    const frames = sim.aibot.fake.replies.filter((r) => r.cmd === "aibot_respond_msg");
    expect(frames.length).toBeGreaterThanOrEqual(3);
  });

  it("refuses a message with no text before it reaches the bot", async () => {
    const r = await post("group-say", JSON.stringify({ userid: "T_Admin", text: "" }));
    expect(r.status).toBe(400);
  });
});

describe("the simulator's clock buttons and page", () => {
  it("fire every reminder and digest due inside a jump, once each and in order, not only the latest of each", async () => {
    const admin = "T_Admin";
    const say = async (text: string) => (await (await post("say", JSON.stringify({ userid: admin, text }))).json()) as { reply: string };
    await say("群 绑定 安全群 simkey0001 安全");
    await say("摘要 新增 日报 每天 17:30 安全群");
    await say("确认");
    await say("摘要 新增 课后 每周一 09:00 安全群");
    await say("确认");
    const robot = () => sim.fake.deliveries.filter((d) => d.channel === "robot");
    const before = robot().length;
    const from = sim.clock.now();
    // Two days, then to next Monday: one 日报 for each 17:30 passed, the Monday digest once, in time order.
    await post("clock", JSON.stringify({ to: "day" }));
    await post("clock", JSON.stringify({ to: "day" }));
    await post("clock", JSON.stringify({ to: "monday" }));
    await post("clock", JSON.stringify({ to: "hour" }));
    await post("clock", JSON.stringify({ to: "hour" }));
    const to = sim.clock.now();
    const sent = robot()
      .slice(before)
      .filter((d) => d.msgtype === "markdown");
    // What the real clock would have passed: each 17:30, each Monday 09:00 (Beijing time) in (from, to].
    let expectedDaily = 0;
    let expectedMonday = 0;
    for (let t = new Date(Math.ceil(from.getTime() / 60_000) * 60_000); t <= to; t = new Date(t.getTime() + 60_000)) {
      const local = new Date(t.getTime() + 8 * 3_600_000);
      if (local.getUTCHours() === 17 && local.getUTCMinutes() === 30) expectedDaily++;
      if (local.getUTCDay() === 1 && local.getUTCHours() === 9 && local.getUTCMinutes() === 0) expectedMonday++;
    }
    expect(sent.filter((d) => d.content.includes("安全日报"))).toHaveLength(expectedDaily);
    expect(expectedDaily).toBeGreaterThanOrEqual(2);
    expect(sent.filter((d) => d.content.startsWith("### 课后服务"))).toHaveLength(expectedMonday);
    expect(expectedMonday).toBeGreaterThanOrEqual(1);
    const times = sent.map((d) => d.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // The 提醒与摘要 tab shows names, not the stored keys.
    const schedules = (await (await fetch(`${server.url}/sim/api/schedules`)).json()) as { label: string }[];
    expect(schedules.map((s) => s.label).join("\n")).toContain("课后服务");
    expect(schedules.map((s) => s.label).join("\n")).not.toContain("afterschool");
  });

  it("keeps the chats for a reloaded page: what was typed and what the bot answered", async () => {
    await post("say", JSON.stringify({ userid: "t_p1", text: "我的" }));
    const saved = (await (await fetch(`${server.url}/sim/api/threads`)).json()) as {
      threads: Record<string, { who: string; text: string }[]>;
    };
    const mine = saved.threads.t_p1 ?? [];
    expect(mine.at(-2)).toMatchObject({ who: "me", text: "我的" });
    expect(mine.at(-1)?.text).toContain("的填报情况");
  });

  it("goes on from the simulated time after a restart", async () => {
    const now = sim.clock.now();
    const again = await createSimulator(t, loadConfig({ DATABASE_URL: t.url }), memoryLogger().logger);
    try {
      expect(again.clock.now().getTime()).toBeGreaterThanOrEqual(now.getTime());
      expect(again.clock.now().getTime() - Date.now()).toBeGreaterThan(86_400_000);
    } finally {
      await again.stop();
    }
  });
});
