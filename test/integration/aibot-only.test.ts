/**
 * Both transports, and the intelligent bot alone. With only the bot (no app: no public address), it
 * answers over its long connection and sends everything itself: a reminder goes to each person's 1:1 chat
 * with it (aibot_send_msg) when they have written to it there, and the admins are told who could not be
 * reached; group robots are sent to through their webhooks as before; the app's callback and dashboard are
 * not served. With both, a form begun in the app continues in the bot's chat.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueue } from "../../src/outbox/enqueue.js";
import { toGroup } from "../../src/outbox/targets.js";
import { FakeAibot, type Frame } from "../../src/sim/fake-aibot.js";
import { eventually, type Harness, wecomHarness } from "../support/wecom-harness.js";

const BOT = { botId: "bot-only-1", secret: "z".repeat(40) };

function wordsOf(fake: FakeAibot, frame: Frame): string {
  return fake
    .repliesTo(frame.headers.req_id)
    .map((r) => String((r.body.markdown as { content?: string } | undefined)?.content ?? JSON.stringify(r.body)))
    .join("\n\n");
}

async function say(fake: FakeAibot, userid: string, text: string): Promise<string> {
  const frame = fake.text(userid, text);
  await eventually(() => fake.repliesTo(frame.headers.req_id).length > 0, 10_000);
  await new Promise((r) => setTimeout(r, 50));
  return wordsOf(fake, frame);
}

describe("an installation with only the intelligent bot", () => {
  let fake: FakeAibot;
  let h: Harness;
  beforeAll(async () => {
    fake = new FakeAibot(BOT);
    h = await wecomHarness({
      appless: true,
      env: { WECOM_BOT_ID: BOT.botId, WECOM_BOT_SECRET: BOT.secret, WECOM_BOT_WS_URL: await fake.url() },
    });
    await eventually(() => h.aibot?.state === "authenticated", 10_000);
  });
  afterAll(async () => {
    await h.close();
    await fake.close();
  });

  it("serves no app callback and no dashboard, and answers over the long connection", async () => {
    expect((await fetch(h.callbackUrl)).status).toBe(404);
    expect((await fetch(`${h.url}/login`)).status).toBe(404);
    expect(await say(fake, "t_p1", "帮助")).toContain("安全检查");
  });

  it("sends a reminder to each person who has written to it, tells the admins who could not be reached, and still sends to the group's robot", async () => {
    await say(fake, "T_Admin", "帮助");
    expect(await say(fake, "T_Admin", "群 绑定 安全群 robot-key-1 安全")).toContain("安全群");
    await say(fake, "T_Admin", "提醒 新增 安全 每天 09:00 未填报");
    const added = await say(fake, "T_Admin", "确认");
    const id = /提醒\s*(\d+)/.exec(added)?.[1];
    expect(id, added).toBeDefined();
    expect(await say(fake, "T_Admin", `提醒 测试 ${id}`)).toContain(`已触发提醒 ${id}`);
    const sent = () => fake.replies.filter((r) => r.cmd === "aibot_send_msg");
    await eventually(() => sent().some((r) => r.body.chatid === "T_Admin"), 10_000);
    await eventually(() => sent().some((r) => r.body.chatid === "t_p1"), 10_000);
    // t_p1 wrote to the bot: the reminder card reached that chat.
    const toP1 = sent().filter((r) => r.body.chatid === "t_p1");
    expect(toP1).toHaveLength(1);
    expect(toP1[0]).toMatchObject({ errcode: 0, body: { msgtype: "template_card" } });
    // Nobody who never wrote to it was sent anything; the admins hear their names.
    expect(sent().filter((r) => ["t_p2", "t_r1"].includes(String(r.body.chatid)))).toEqual([]);
    const note = sent()
      .filter((r) => r.body.chatid === "T_Admin")
      .map((r) => String((r.body.markdown as { content?: string }).content))
      .join("\n");
    expect(note).toContain("测试园长乙（测试中心幼儿园）");
    expect(note).toContain("测试填报员甲（测试第一小学）");
    expect(note).not.toContain("测试校长甲");
    expect(note).toContain("请通知他们先发一条");
    // The app's API was never asked to send anything.
    expect(h.fake.deliveries.filter((d) => d.channel === "app")).toEqual([]);
    const rows = await h.db.prisma.outbox.findMany({ where: { channel: "app" } });
    await eventually(async () => (await h.db.prisma.outbox.count({ where: { status: "pending" } })) === 0, 10_000);
    expect(rows.length).toBeGreaterThan(0);
    expect(await h.db.prisma.outbox.count({ where: { status: "failed" } })).toBe(0);
    // A group's robot needs no app: a message to the safety group goes through its webhook.
    const group = await h.db.prisma.groupChat.findFirstOrThrow({ where: { purpose: "安全" } });
    await enqueue(h.db.prisma, [toGroup(group, { msgtype: "text", content: "安全群通知", dedupeKey: "aibot-only-robot" })], {
      scheduledFor: new Date(),
      urgent: true,
      quiet: null,
      tz: "Asia/Shanghai",
    });
    h.worker.kick();
    await eventually(() => h.fake.deliveries.some((d) => d.channel === "robot" && d.content === "安全群通知"), 10_000);
  });

  it("answers a tap on the reminder card sent on its own, in the same chat", async () => {
    const card = fake.replies.find((r) => r.cmd === "aibot_send_msg" && r.body.chatid === "t_p1");
    const tc = card?.body.template_card as { task_id: string; button_list: { key: string; text: string }[] };
    const start = tc.button_list.find((b) => b.text === "开始填报");
    expect(start).toBeDefined();
    const frame = fake.event("t_p1", "template_card_event", { event_key: start?.key, task_id: tc.task_id });
    await eventually(() => fake.repliesTo(frame.headers.req_id).length > 1, 10_000);
    await new Promise((r) => setTimeout(r, 100));
    // First the tapped card again, same task id, its buttons replaced by one saying what the tap did.
    const [first, ...rest] = fake.repliesTo(frame.headers.req_id);
    if (!first) throw new Error("no reply to the tap");
    const update = first;
    expect(update?.cmd).toBe("aibot_respond_update_msg");
    const updated = (
      update.body as { template_card: { task_id: string; main_title: { title: string }; button_list: { text: string; key: string }[] } }
    ).template_card;
    expect(update?.body.response_type).toBe("update_template_card");
    expect(updated.task_id).toBe(tc.task_id);
    // The card sent with the reminder, repeated: its title kept.
    expect(updated.main_title.title).toBe((tc as unknown as { main_title: { title: string } }).main_title.title);
    expect(updated.button_list).toHaveLength(1);
    expect(updated.button_list[0]?.text).toMatch(/填报中|已/);
    // Then the form's first question (words, and its choices as a card) on the same frame.
    expect(rest.length).toBeGreaterThan(0);
    expect(new Set(rest.map((r) => r.cmd))).toEqual(new Set(["aibot_respond_msg"]));
    expect(wordsOf(fake, frame)).toMatch(/安全/);
    // Tapping the used card's one button does nothing.
    const used = fake.event("t_p1", "template_card_event", { event_key: updated.button_list[0]?.key, task_id: tc.task_id });
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.repliesTo(used.headers.req_id)).toEqual([]);
    expect(await say(fake, "t_p1", "取消")).toContain("取消");
  });
});

describe("entering the intelligent bot's chat", () => {
  let fake: FakeAibot;
  let h: Harness;
  beforeAll(async () => {
    fake = new FakeAibot({ botId: "bot-welcome-1", secret: "v".repeat(40) });
    h = await wecomHarness({
      appless: true,
      env: { WECOM_BOT_ID: "bot-welcome-1", WECOM_BOT_SECRET: "v".repeat(40), WECOM_BOT_WS_URL: await fake.url() },
    });
    await eventually(() => h.aibot?.state === "authenticated", 10_000);
  });
  afterAll(async () => {
    await h.close();
    await fake.close();
  });

  it("is answered with a welcome (aibot_respond_welcome_msg, plain text) and nothing else", async () => {
    const frame = fake.event("t_p1", "enter_chat");
    await eventually(() => fake.repliesTo(frame.headers.req_id).length > 0, 10_000);
    await new Promise((r) => setTimeout(r, 200));
    const replies = fake.repliesTo(frame.headers.req_id);
    expect(replies.map((r) => r.cmd)).toEqual(["aibot_respond_welcome_msg"]);
    expect(replies[0]?.body.msgtype).toMatch(/^(text|template_card)$/);
  });
});

describe("an installation with both the app and the intelligent bot", () => {
  let fake: FakeAibot;
  let h: Harness;
  beforeAll(async () => {
    fake = new FakeAibot({ botId: "bot-both-1", secret: "w".repeat(40) });
    h = await wecomHarness({
      env: { WECOM_BOT_ID: "bot-both-1", WECOM_BOT_SECRET: "w".repeat(40), WECOM_BOT_WS_URL: await fake.url() },
    });
    await eventually(() => h.aibot?.state === "authenticated", 10_000);
  });
  afterAll(async () => {
    await h.close();
    await fake.close();
  });

  it("continues a form begun in the app in the intelligent bot's chat, and sends reminders by the app", async () => {
    const first = await h.sender.sendText("t_p1", "安全检查");
    expect(first.status).toBe(200);
    const inApp = await h.sender.sendText("t_p1", "是");
    expect(inApp.status).toBe(200);
    // The next answer, in the bot's chat, lands on the same form.
    const next = await say(fake, "t_p1", "否");
    expect(next).not.toContain("没有正在填写");
    const person = await h.db.prisma.person.findFirstOrThrow({ where: { userid: "t_p1" } });
    const conversation = await h.db.prisma.conversation.findUnique({ where: { personId: person.id } });
    // Three steps in: the form holds the app's answer and the bot's.
    expect(JSON.stringify(conversation?.state)).toMatch(/true[\s\S]*false/);
    expect(await say(fake, "t_p1", "取消")).toContain("取消");
    // Reminders go by the app: nothing proactive over the long connection.
    await h.sender.sendText("T_Admin", "提醒 新增 安全 每天 09:00 未填报");
    await h.sender.sendText("T_Admin", "确认");
    const r = await h.sender.sendText("T_Admin", "提醒 测试 1");
    expect(r.passive ?? "").toContain("已触发提醒 1");
    await eventually(() => h.fake.deliveriesTo("t_p1").length > 0, 10_000);
    expect(fake.replies.filter((x) => x.cmd === "aibot_send_msg")).toEqual([]);
  });
});
