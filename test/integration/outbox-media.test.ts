/**
 * Replies that are not text — cards with buttons, files, images — go through
 * the outbox and the WeCom transport to a person, a group's robot or an app
 * chat, as WeCom takes each (docs/wecom/next-features.md 1a, docs/wecom/cards-and-long-connection.md B).
 */
import { deflateSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeliveryLedger } from "../../src/chat/dedupe.js";
import { deliver } from "../../src/chat/deliver.js";
import type { InboundEvent } from "../../src/chat/inbound.js";
import { type Card, card, file, image, text } from "../../src/chat/reply.js";
import { ManualClock } from "../../src/clock.js";
import { enqueue, fromReply } from "../../src/outbox/enqueue.js";
import { outboxLateReplies } from "../../src/outbox/late-replies.js";
import { OutboxWorker } from "../../src/outbox/worker.js";
import { prune } from "../../src/schedule/retention.js";
import { passiveText } from "../../src/wecom/receiver.js";
import { WeComAppTransport } from "../../src/wecom/transport.js";
import { type Harness, wecomHarness } from "../support/wecom-harness.js";

const TZ = "Asia/Shanghai";
const clock = new ManualClock("2027-03-09T02:00:00Z"); // Tuesday 10:00 in Liyang
let h: Harness;
let robotGroup: number;
const CHAT = "bureauchat1";

beforeAll(async () => {
  h = await wecomHarness({ clock });
  await h.worker.stop(); // driven by hand
  robotGroup = (
    await h.db.prisma.groupChat.create({ data: { name: "安全群", purpose: "安全", channel: "robot", robotKey: "robot-key-1" } })
  ).id;
  await h.api.createAppChat({ name: "局务群", owner: "t_admin", userlist: ["t_admin", "t_p1"], chatid: CHAT });
});
afterAll(async () => {
  await h.close();
});

const worker = () => new OutboxWorker({ db: h.db.prisma, transport: new WeComAppTransport(h.api), clock, maxAttempts: 3, owner: "media" });
const opts = { scheduledFor: clock.now(), urgent: true, quiet: null, tz: TZ };

/** A small valid PNG of `n` bytes or more (random pixels do not compress). */
function png(minBytes: number): Buffer {
  const crc = (b: Buffer) => {
    let c = ~0;
    for (const x of b) {
      c ^= x;
      for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
    }
    return ~c >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const side = Math.max(8, Math.ceil(Math.sqrt(minBytes / 3)));
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const raw = Buffer.alloc((side * 3 + 1) * side);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 2654435761) >>> 24;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: 0 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const remind: Card = {
  taskId: "remind-safety-2027W10-t_p1",
  title: "安全检查 2027年第10周 未提交",
  description: "截止 3月12日（周五）17:00",
  fields: [{ label: "单位", value: "城东小学" }],
  buttons: [
    { key: "安全检查 无异常", text: "本周无异常，一键上报", primary: true },
    { key: "安全检查", text: "开始填报" },
  ],
};
const reminderCard = card(remind, "安全检查 2027年第10周 未提交，截止 3月12日（周五）17:00。回复“安全检查”填报。");

describe("cards, files and images through the outbox", () => {
  it("sends a card to a person as a button_interaction template card, and its words to a robot group and an app chat", async () => {
    const before = h.fake.deliveries.length;
    await enqueue(
      h.db.prisma,
      [
        fromReply(reminderCard, { channel: "app", target: "t_p1", dedupeKey: "card-app" }),
        fromReply(reminderCard, { channel: "robot", target: String(robotGroup), dedupeKey: "card-robot" }),
        fromReply(reminderCard, { channel: "appchat", target: CHAT, dedupeKey: "card-chat" }),
      ],
      opts,
    );
    await worker().drain();
    const [app, robot, chat] = h.fake.deliveries.slice(before);
    expect(app?.msgtype).toBe("template_card");
    const sent = JSON.parse(app?.content ?? "{}");
    expect(sent).toMatchObject({
      card_type: "button_interaction",
      task_id: "remind-safety-2027W10-t_p1",
      main_title: { title: "安全检查 2027年第10周 未提交", desc: "截止 3月12日（周五）17:00" },
      horizontal_content_list: [{ keyname: "单位", value: "城东小学" }],
      button_list: [
        { type: 0, text: "本周无异常，一键上报", style: 1, key: "安全检查 无异常" },
        { type: 0, text: "开始填报", style: 2, key: "安全检查" },
      ],
    });
    expect(robot).toMatchObject({ channel: "robot", msgtype: "text", content: expect.stringContaining("回复“安全检查”填报") });
    expect(chat).toMatchObject({ channel: "appchat", msgtype: "text", content: expect.stringContaining("截止 3月12日") });
  });

  it('uploads a file with its Chinese name as raw UTF-8 in filename="…" and sends it to a person, a robot group and an app chat', async () => {
    const before = h.fake.deliveries.length;
    const uploadsBefore = h.fake.uploads.length;
    const name = "2027年3月 安全检查汇总.xlsx";
    const data = Buffer.from(`PK\u0003\u0004 ${"表格内容".repeat(200)}`);
    const msg = file(name, data);
    await enqueue(
      h.db.prisma,
      [
        fromReply(msg, { channel: "app", target: "t_admin", dedupeKey: "file-app" }),
        fromReply(msg, { channel: "robot", target: String(robotGroup), dedupeKey: "file-robot" }),
        fromReply(msg, { channel: "appchat", target: CHAT, dedupeKey: "file-chat" }),
      ],
      opts,
    );
    await worker().drain();
    const uploads = h.fake.uploads.slice(uploadsBefore);
    expect(uploads.map((u) => [u.path, u.type])).toEqual([
      ["/cgi-bin/media/upload", "file"],
      ["/cgi-bin/webhook/upload_media", "file"],
      ["/cgi-bin/media/upload", "file"],
    ]);
    for (const u of uploads) {
      // The exact bytes: name="media", the UTF-8 name inside the quotes, no RFC 2231 filename*=.
      expect(u.disposition.toString("utf8")).toBe(
        `Content-Disposition: form-data; name="media"; filename="${name}"; filelength=${data.length}`,
      );
      expect(u.disposition.includes(Buffer.from(name, "utf8"))).toBe(true);
      expect(u.disposition.toString("latin1")).not.toContain("filename*");
    }
    const got = h.fake.deliveries.slice(before);
    expect(got.map((d) => [d.channel, d.msgtype, d.media?.name])).toEqual([
      ["app", "file", name],
      ["robot", "file", name],
      ["appchat", "file", name],
    ]);
    for (const d of got) expect(d.media?.data.equals(data)).toBe(true);
  });

  it("sends a chart image by upload to a person and as base64 to a robot, and fails a robot image over 2 MB at once without retrying", async () => {
    const before = h.fake.deliveries.length;
    const small = png(50_000);
    const big = png(2.2 * 1024 * 1024);
    expect(big.length).toBeGreaterThan(2 * 1024 * 1024);
    await enqueue(
      h.db.prisma,
      [
        fromReply(image(small, "本周安全检查图"), { channel: "app", target: "t_admin", dedupeKey: "img-app" }),
        fromReply(image(small, "本周安全检查图"), { channel: "robot", target: String(robotGroup), dedupeKey: "img-robot" }),
        fromReply(image(big, "大图"), { channel: "robot", target: String(robotGroup), dedupeKey: "img-robot-big" }),
      ],
      opts,
    );
    const w = worker();
    await w.drain();
    const got = h.fake.deliveries.slice(before);
    expect(got.map((d) => [d.channel, d.msgtype])).toEqual([
      ["app", "image"],
      ["robot", "image"],
    ]);
    for (const d of got) expect(d.media?.data.equals(small)).toBe(true);
    const failed = await h.db.prisma.outbox.findUniqueOrThrow({ where: { dedupeKey: "img-robot-big" } });
    expect(failed.status).toBe("failed");
    expect(failed.attempts).toBe(1);
    expect(failed.lastError).toContain("over WeCom's");
  });

  it("stores a file enqueued twice under one key once, and prunes its bytes a day after it was sent but never while it waits", async () => {
    const data = Buffer.from("一份导出的表格".repeat(50));
    const countOf = () => h.db.prisma.attachment.count();
    const start = await countOf();
    const m = fromReply(file("导出.xlsx", data), { channel: "app", target: "t_admin", dedupeKey: "file-twice" });
    expect(await enqueue(h.db.prisma, [m], opts)).toBe(1);
    expect(await enqueue(h.db.prisma, [m], opts)).toBe(0);
    expect(await countOf()).toBe(start + 1);
    // Waiting (quiet hours hold it past tomorrow): kept however old.
    const waiting = fromReply(file("待发.xlsx", data), { channel: "app", target: "t_admin", dedupeKey: "file-waits" });
    await enqueue(h.db.prisma, [waiting], { ...opts, urgent: false, scheduledFor: new Date("2027-03-20T02:00:00Z") });
    await worker().drain();
    const twoDaysOn = new Date(clock.now().getTime() + 2 * 86_400_000);
    await prune(h.db.prisma, twoDaysOn, { dedupeDays: 30, outboxDays: 90, formDays: 7 });
    const left = await h.db.prisma.attachment.findMany({ select: { name: true } });
    expect(left.map((a) => a.name)).toEqual(["待发.xlsx"]);
    const sent = await h.db.prisma.outbox.findUniqueOrThrow({ where: { dedupeKey: "file-twice" } });
    expect(sent.status).toBe("sent");
  });

  it("answers an event whose replies include a card through the outbox, in the order the bot gave them, with an empty passive reply", async () => {
    const event: InboundEvent = {
      id: "msg:card-order-1",
      from: "t_p1",
      createTime: Math.floor(clock.now().getTime() / 1000),
      receivedAt: clock.now(),
      kind: "text",
      msgId: "card-order-1",
      text: "安全检查",
    };
    // Another card than the first test's: WeCom's duplicate check would rightly drop the same card to the same person.
    const thisWeek = card({ ...remind, taskId: "order-test" }, "安全检查未提交");
    const replies = [text("本周安全检查还未提交。"), thisWeek, text("也可以直接回复“安全检查”。")];
    expect(passiveText(replies)).toBeNull();
    const w = worker();
    const before = h.fake.deliveries.length;
    const answer = await deliver(
      {
        ledger: new DeliveryLedger(h.db.prisma),
        clock,
        handle: async () => replies,
        sendLate: outboxLateReplies(h.db.prisma, w, TZ, () => clock.now()),
        passiveReplyBudgetMs: 3000,
        passive: passiveText,
      },
      event,
      h.log.logger,
    );
    expect(answer).toEqual({ outcome: "api-reply", passive: null });
    await expect.poll(async () => h.db.prisma.outbox.count({ where: { dedupeKey: { startsWith: "reply:msg:card-order-1:" } } })).toBe(3);
    await w.drain();
    expect(h.fake.deliveries.slice(before).map((d) => d.msgtype)).toEqual(["text", "template_card", "text"]);
  });
});
