/**
 * The fake long-connection server against the official SDK (@wecom/aibot-node-sdk, pinned): it speaks
 * WeCom's frames as the SDK expects them — subscribe and its ack, heartbeats, message callbacks, reply
 * acks and errcodes, one live connection per bot (a newer one kicks the older out with disconnected_event).
 */
import { WSClient } from "@wecom/aibot-node-sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AUTH_FAILED, FakeAibot } from "../../src/sim/fake-aibot.js";
import { eventually } from "../support/wecom-harness.js";

const BOT = { botId: "bot-test-1", secret: "s".repeat(32) };
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
let fake: FakeAibot;
const clients: WSClient[] = [];
beforeEach(() => {
  fake = new FakeAibot(BOT);
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.disconnect();
  await fake.close();
});

async function client(secret = BOT.secret): Promise<WSClient> {
  const c = new WSClient({
    botId: BOT.botId,
    secret,
    wsUrl: await fake.url(),
    heartbeatInterval: 200,
    maxReconnectAttempts: 0,
    logger: quiet,
  });
  clients.push(c);
  return c;
}

describe("the fake intelligent-bot server", () => {
  it("takes the SDK's subscribe, answers its heartbeats, delivers a message and acks the reply on the message's req_id", async () => {
    const c = await client();
    const authed = new Promise<void>((r) => c.on("authenticated", () => r()));
    c.connect();
    await authed;
    expect(fake.received[0]?.cmd).toBe("aibot_subscribe");
    await eventually(() => fake.received.some((f) => f.cmd === "ping"));
    const got = new Promise<{ headers: { req_id: string }; body?: { text?: { content: string } } }>((r) => c.on("message.text", r));
    const sent = fake.text("t_p1", "安全检查");
    const frame = await got;
    expect(frame.body?.text?.content).toBe("安全检查");
    expect(frame.headers.req_id).toBe(sent.headers.req_id);
    const ack = await c.reply(frame, { msgtype: "markdown", markdown: { content: "开始填写" } });
    expect(ack.errcode).toBe(0);
    expect(fake.repliesTo(sent.headers.req_id)).toEqual([expect.objectContaining({ cmd: "aibot_respond_msg", errcode: 0 })]);
  });

  it("refuses a wrong secret with 853000 and counts no subscription", async () => {
    const c = await client("wrong");
    c.on("error", () => {});
    c.connect();
    await eventually(() => fake.received.some((f) => f.cmd === "aibot_subscribe"));
    await new Promise((r) => setTimeout(r, 100));
    expect(fake.subscribed).toBe(0);
    expect(AUTH_FAILED).toBe(853000);
  });

  it("keeps one live connection: a newer subscribe kicks the older out with disconnected_event", async () => {
    const first = await client();
    const kicked = new Promise<void>((r) => first.on("event.disconnected_event", () => r()));
    const a1 = new Promise<void>((r) => first.on("authenticated", () => r()));
    first.connect();
    await a1;
    const second = await client();
    const a2 = new Promise<void>((r) => second.on("authenticated", () => r()));
    second.connect();
    await a2;
    await kicked;
    await eventually(() => fake.subscribed === 1);
  });

  it("answers a reply with the errcode it was told to fail with (846609 while not subscribed)", async () => {
    const c = await client();
    const authed = new Promise<void>((r) => c.on("authenticated", () => r()));
    c.connect();
    await authed;
    const got = new Promise<{ headers: { req_id: string } }>((r) => c.on("message.text", r));
    fake.text("t_p1", "帮助");
    const frame = await got;
    fake.failNext("aibot_respond_msg", 846609);
    await expect(c.reply(frame, { msgtype: "markdown", markdown: { content: "x" } })).rejects.toMatchObject({ errcode: 846609 });
  });

  it("pushes a callback that got no reply again to the next connection, and one sent while none is live once one subscribes", async () => {
    const first = await client();
    const a1 = new Promise<void>((r) => first.on("authenticated", () => r()));
    first.connect();
    await a1;
    const seen = new Promise<void>((r) => first.on("message.text", () => r()));
    const unanswered = fake.text("t_p1", "汇总");
    await seen;
    first.disconnect();
    await eventually(() => !fake.live);
    const whileDown = fake.text("t_p2", "帮助");
    const second = await client();
    const got: string[] = [];
    second.on("message.text", (f: { headers: { req_id: string } }) => {
      got.push(f.headers.req_id);
      void second.reply(f, { msgtype: "markdown", markdown: { content: "好" } });
    });
    second.connect();
    await eventually(() => got.length === 2);
    expect(got.sort()).toEqual([unanswered.headers.req_id, whileDown.headers.req_id].sort());
    expect(fake.redelivered).toBe(2);
    // Answered now: a third connection gets nothing again.
    await eventually(() => fake.repliesTo(whileDown.headers.req_id).length === 1 && fake.repliesTo(unanswered.headers.req_id).length === 1);
    second.disconnect();
    await eventually(() => !fake.live);
    const third = await client();
    const more: string[] = [];
    third.on("message.text", (f: { headers: { req_id: string } }) => more.push(f.headers.req_id));
    const a3 = new Promise<void>((r) => third.on("authenticated", () => r()));
    third.connect();
    await a3;
    await new Promise((r) => setTimeout(r, 100));
    expect(more).toEqual([]);
    expect(fake.redelivered).toBe(2);
  });
});
