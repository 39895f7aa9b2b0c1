/**
 * The intelligent bot's long connection against the fake WeCom long-connection server: subscribed with its
 * id and secret, a principal's whole 安全检查 in the 1:1 chat, a redelivered frame answered from the record
 * (never processed twice), a dropped socket survived, and a takeover by a newer connection obeyed (no
 * reconnect: another instance is live).
 */
import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Resvg } from "@resvg/resvg-js";
import { WSClient } from "@wecom/aibot-node-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeAibot, type Frame } from "../../src/sim/fake-aibot.js";
import { eventually, type Harness, wecomHarness } from "../support/wecom-harness.js";

const BOT = { botId: "bot-edu-1", secret: "x".repeat(40) };
const SAFETY = ["是", "否", "3", "3", "3", "100", "100", "0", "跳过"];
let fake: FakeAibot;
let h: Harness;
beforeAll(async () => {
  fake = new FakeAibot(BOT);
  h = await wecomHarness({
    env: { WECOM_BOT_ID: BOT.botId, WECOM_BOT_SECRET: BOT.secret, WECOM_BOT_WS_URL: await fake.url() },
    aibotMediaOrigins: [await fake.fileOrigin()],
  });
  await eventually(() => fake.subscribed === 1 && h.aibot?.state === "authenticated", 10_000);
});
afterAll(async () => {
  await h.close();
  await fake.close();
});

/** Says `text` as `userid` in the 1:1 chat (or a group); the bot's answer on that frame. */
async function say(userid: string, text: string, group?: { chatid: string }): Promise<{ frame: Frame; answer: string }> {
  const frame = fake.text(userid, text, group);
  await eventually(() => fake.repliesTo(frame.headers.req_id).length > 0, 10_000);
  await new Promise((r) => setTimeout(r, 50));
  const answer = fake
    .repliesTo(frame.headers.req_id)
    .map((r) => String((r.body.markdown as { content?: string } | undefined)?.content ?? JSON.stringify(r.body)))
    .join("\n\n");
  return { frame, answer };
}

describe("the intelligent bot's long connection", () => {
  it("subscribes with the bot's id and secret", () => {
    const sub = fake.received.find((f) => f.cmd === "aibot_subscribe");
    expect(sub?.body).toMatchObject({ bot_id: BOT.botId, secret: BOT.secret });
    expect(h.aibot?.state).toBe("authenticated");
  });

  it("says in /readyz that this process holds the bot's connection", async () => {
    const r = await fetch(`${h.url}/readyz`);
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ status: "ready", aibot: "authenticated" });
  });

  it("takes a principal's whole 安全检查 in the 1:1 chat, each answer on its message's req_id", async () => {
    expect((await say("t_p1", "安全检查")).answer).toContain("开始填写");
    let last = "";
    for (const a of SAFETY) last = (await say("t_p1", a)).answer;
    expect(last).toContain("请核对");
    const done = await say("t_p1", "确认");
    expect(done.answer).toContain("✅ 已提交");
    expect(await h.db.prisma.report.count({ where: { kind: "safety", unit: { code: "T-S1" } } })).toBe(1);
    // WeCom sending the same frame again: answered from the record, nothing processed twice.
    fake.again(done.frame);
    await eventually(() => fake.repliesTo(done.frame.headers.req_id).length === 2, 10_000);
    const [first, second] = fake.repliesTo(done.frame.headers.req_id);
    expect(second?.body).toEqual(first?.body);
    expect(await h.db.prisma.report.count({ where: { kind: "safety", unit: { code: "T-S1" } } })).toBe(1);
  });

  it("makes what a person typed inert in its Markdown answers", async () => {
    const r = await say("t_p2", "**粗体**[链接](http://x)");
    expect(r.answer).not.toContain("[链接](http://x)");
  });

  it("stores a hazard's photo sent to the bot: fetched by its URL, decrypted with its key, kept in the report", async () => {
    const png = Buffer.from(
      new Resvg('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"><rect width="40" height="30" fill="#c33"/></svg>')
        .render()
        .asPng(),
    );
    await say("t_p2", "安全检查");
    for (const a of ["是", "否", "3", "3", "3", "100", "100", "1", "走廊灯坏了", "2", "1", "下周五"]) await say("t_p2", a);
    expect((await say("t_p2", "张三")).answer).toContain("照片");
    const frame = await fake.image("t_p2", png);
    await eventually(() => fake.repliesTo(frame.headers.req_id).length > 0, 10_000);
    expect(JSON.stringify(fake.repliesTo(frame.headers.req_id)[0]?.body)).toContain("照片已保存");
    const photo = await h.db.prisma.photo.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(photo.sha256).toBe(createHash("sha256").update(png).digest("hex"));
    expect(photo.contentType).toBe("image/png");
    await say("t_p2", "跳过");
    expect((await say("t_p2", "确认")).answer).toContain("✅ 已提交");
    expect((await h.db.prisma.hazard.findFirstOrThrow({ where: { unit: { code: "T-K1" } } })).photoId).toBe(photo.id);
  });

  it("fetches a photo only from WeCom's media hosts: a frame pointing at another server stores nothing and says why", async () => {
    // A PNG served from this machine (plain http, 127.0.0.1): an attacker's frame, not WeCom's.
    const png = Buffer.from(
      new Resvg('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>').render().asPng(),
    );
    let fetched = 0;
    const server = http.createServer((_req, res) => {
      fetched++;
      res.end(png);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      // Last week's (this week's is in): 生命通道 否, then the hazard's questions up to its photo.
      expect((await say("t_p1", "安全检查 上周")).answer).toContain("开始填写");
      await say("t_p1", "否");
      for (const a of ["楼道堆放杂物", "1", "下周五", "王主任"]) await say("t_p1", a);
      const photos = await h.db.prisma.photo.count();
      const frame = fake.imageAt("t_p1", `http://127.0.0.1:${(server.address() as AddressInfo).port}/a.png`);
      await eventually(() => fake.repliesTo(frame.headers.req_id).length > 0, 10_000);
      expect(JSON.stringify(fake.repliesTo(frame.headers.req_id)[0]?.body)).toContain("不是从企业微信发来的");
      expect(await h.db.prisma.photo.count()).toBe(photos);
      expect(fetched).toBe(0);
      await say("t_p1", "取消");
    } finally {
      server.close();
    }
  });

  it("answers @机器人 未填报 in a group for a viewer, refuses it for a principal, and sends report commands to the 1:1 chat", async () => {
    const group = { chatid: "wrGroupBureau01" };
    const viewer = await say("T_Admin", "@机器人 未填报 安全检查", group);
    expect(viewer.answer).toContain("安全检查：全部已填报"); // both schools reported above, through the bot
    expect((await say("t_p1", "@机器人 未填报 安全检查", group)).answer).toContain("限教育局查看人员和管理员");
    expect((await say("t_p1", "@机器人 安全检查", group)).answer).toBe("请在与我的单聊中填报。");
    // Nothing a group message said started a form.
    expect(await h.db.prisma.conversation.count({ where: { person: { userid: "t_p1" } } })).toBe(0);
  });

  it("lets no one spend a group's reply budget: a stranger's 35 messages get one refusal, and a viewer's 未填报 after them waits for nothing", async () => {
    const group = { chatid: "wrGroupFlood01" };
    const frames: Frame[] = [];
    for (let i = 0; i < 35; i++) frames.push(fake.text("stranger_x", `@机器人 汇总 ${i}`, group));
    // Whichever of them is handled first is the one refused (on PostgreSQL they run side by side).
    await eventually(() => frames.some((f) => fake.repliesTo(f.headers.req_id).length > 0), 10_000);
    await new Promise((r) => setTimeout(r, 500));
    const refusals = frames.filter((f) => fake.repliesTo(f.headers.req_id).length > 0);
    expect(refusals).toHaveLength(1);
    // A principal repeating a refused command: told once, not each time.
    await say("t_p1", "@机器人 汇总", group);
    const again = fake.text("t_p1", "@机器人 汇总", group);
    const delayedBefore = h.aibot?.limited.delayed ?? 0;
    const viewer = await say("T_Admin", "@机器人 未填报 安全检查", group);
    expect(viewer.answer).toContain("安全检查");
    expect(h.aibot?.limited.delayed).toBe(delayedBefore);
    expect(fake.repliesTo(again.headers.req_id)).toHaveLength(0);
    expect(h.aibot?.refusalsWithheld).toBeGreaterThanOrEqual(35);
  });

  it("reconnects after the socket drops, and answers again", async () => {
    const before = fake.received.filter((f) => f.cmd === "aibot_subscribe").length;
    fake.drop();
    await eventually(() => fake.received.filter((f) => f.cmd === "aibot_subscribe").length > before && fake.subscribed === 1, 15_000);
    expect((await say("t_p1", "帮助")).answer).toContain("您可以发送");
  });

  it("stops without reconnecting when a newer connection takes the bot over", async () => {
    const other = new WSClient({
      ...BOT,
      wsUrl: await fake.url(),
      maxReconnectAttempts: 0,
      logger: { debug() {}, info() {}, warn() {}, error() {} },
    });
    other.connect();
    try {
      await eventually(() => h.aibot?.state === "taken-over", 10_000);
      const subs = fake.received.filter((f) => f.cmd === "aibot_subscribe").length;
      await new Promise((r) => setTimeout(r, 2_500));
      expect(fake.received.filter((f) => f.cmd === "aibot_subscribe").length).toBe(subs);
      expect(fake.subscribed).toBe(1); // the other's
      // The admins are told, once.
      await eventually(() => h.fake.deliveriesTo("T_Admin").some((d) => d.content.includes("已被另一处接管")), 10_000);
    } finally {
      other.disconnect();
    }
  });
});
