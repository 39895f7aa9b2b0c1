/**
 * A tapped card is changed through the outbox with the tap's response code
 * (message/update_template_card): once per code, within 72 hours; a code used
 * or expired gives the person the words as text. The fake WeCom checks the
 * cards it is sent as WeCom does, so a card WeCom would refuse fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Card, card, cardUpdate } from "../../src/chat/reply.js";
import { ManualClock } from "../../src/clock.js";
import { enqueue, fromReply } from "../../src/outbox/enqueue.js";
import { OutboxWorker } from "../../src/outbox/worker.js";
import { toInboundEvent } from "../../src/wecom/messages.js";
import { WeComAppTransport } from "../../src/wecom/transport.js";
import { type Harness, wecomHarness } from "../support/wecom-harness.js";

const TZ = "Asia/Shanghai";
const clock = new ManualClock("2027-03-09T02:00:00Z");
let h: Harness;

beforeAll(async () => {
  h = await wecomHarness({ clock });
  await h.worker.stop(); // driven by hand
});
afterAll(async () => {
  await h.close();
});

const refused: number[] = [];
const worker = () => {
  const transport = new WeComAppTransport(h.api);
  transport.onCardRefused = (code) => refused.push(code);
  return new OutboxWorker({ db: h.db.prisma, transport, clock, maxAttempts: 3, owner: "cards" });
};
const opts = () => ({ scheduledFor: clock.now(), urgent: true, quiet: null, tz: TZ });
const reminder = (taskId: string): Card => ({
  taskId,
  title: "安全检查 2027年第10周 未提交",
  buttons: [
    { key: "安全检查 无异常", text: "本周无异常，一键上报", primary: true },
    { key: "安全检查", text: "开始填报" },
  ],
});

async function send(m: Parameters<typeof fromReply>[0], target: string, key: string) {
  await enqueue(h.db.prisma, [fromReply(m, { channel: "app", target, dedupeKey: key })], opts());
  await worker().drain();
}

describe("updating a tapped card", () => {
  it("greys the tapped card's buttons with what the tap did, once, with the tap's response code", async () => {
    await send(card(reminder("card-upd-1"), "安全检查未提交"), "t_p1", "upd-1-card");
    const tap = h.fake.cards.tap("t_p1", "card-upd-1", "安全检查 无异常");
    // The tap reaches the bot as a neutral event carrying the code.
    const event = toInboundEvent(h.sender.cardEventXml("t_p1", tap), clock.now());
    expect(event).toMatchObject({ event: "template_card_event", eventKey: "安全检查 无异常", responseCode: tap.responseCode });

    await send(cardUpdate(tap.responseCode, "✅ 已于 3月9日 10:00 上报无异常"), "t_p1", "upd-1-update");
    expect(h.fake.cards.sent.get("card-upd-1")?.replacedWith).toBe("✅ 已于 3月9日 10:00 上报无异常");
    expect(h.fake.cards.updates.filter((u) => u.taskId === "card-upd-1")).toHaveLength(1);
    expect(h.fake.cards.updates.at(-1)?.userids).toEqual(["t_p1"]);
  });

  it("sends the words as text when the response code was used already, and when it is past 72 hours", async () => {
    await send(card(reminder("card-upd-2"), "安全检查未提交"), "t_p2", "upd-2-card");
    const tap = h.fake.cards.tap("t_p2", "card-upd-2", "安全检查");
    const late = h.fake.cards.tap("t_p2", "card-upd-2", "安全检查"); // a second tap before the card was greyed
    await send(cardUpdate(tap.responseCode, "填报中…"), "t_p2", "upd-2-first");
    const before = h.fake.deliveriesTo("t_p2").length;
    await send(cardUpdate(tap.responseCode, "填报中…（再次）"), "t_p2", "upd-2-again");
    clock.advance(72 * 3600_000 + 1000);
    await send(cardUpdate(late.responseCode, "已过期的卡片"), "t_p2", "upd-2-late");

    const fresh = h.fake.deliveriesTo("t_p2").slice(before);
    expect(fresh.map((d) => [d.msgtype, d.content])).toEqual([
      ["text", "填报中…（再次）"],
      ["text", "已过期的卡片"],
    ]);
    expect(h.fake.cards.updates.filter((u) => u.taskId === "card-upd-2")).toHaveLength(1);
    expect(refused).toEqual([40058, 40058]);
    const rows = await h.db.prisma.outbox.findMany({ where: { dedupeKey: { startsWith: "upd-2-" } } });
    expect(rows.map((r) => r.status)).toEqual(["sent", "sent", "sent", "sent"]);
  });

  it("refuses, as WeCom does, a card whose task id is reused or too long, or whose button key is over 1,024 bytes", async () => {
    const transport = new WeComAppTransport(h.api);
    const to = { channel: "app" as const, userids: ["t_p1"] };
    await transport.send(to, card(reminder("card-upd-3"), "x"));
    // The same card again (a resend after a crash) is dropped by the duplicate check, not refused…
    const sends = h.fake.deliveriesTo("t_p1").length;
    await transport.send(to, card(reminder("card-upd-3"), "x"));
    expect(h.fake.deliveriesTo("t_p1").length).toBe(sends);
    // …but another card under a task id already used is refused.
    await expect(transport.send(to, card({ ...reminder("card-upd-3"), title: "另一张卡片" }, "x"))).rejects.toThrow(/task_id exists/);
    const long = { ...reminder("x"), taskId: "t".repeat(129) };
    const raw = {
      msgtype: "template_card" as const,
      template_card: {
        card_type: "button_interaction",
        task_id: long.taskId,
        main_title: { title: "t" },
        button_list: [{ type: 0, text: "a", key: "k" }],
      },
    };
    await expect(h.api.sendAppMessage(["t_p1"], raw)).rejects.toThrow(/task_id/);
    const bigKey = {
      ...raw,
      template_card: { ...raw.template_card, task_id: "card-upd-4", button_list: [{ type: 0, text: "a", key: "键".repeat(342) }] },
    };
    await expect(h.api.sendAppMessage(["t_p1"], bigKey)).rejects.toThrow(/button/);
    const seven = {
      ...raw,
      template_card: {
        ...raw.template_card,
        task_id: "card-upd-5",
        button_list: Array.from({ length: 7 }, (_, i) => ({ type: 0, text: `b${i}`, key: `k${i}` })),
      },
    };
    await expect(h.api.sendAppMessage(["t_p1"], seven)).rejects.toThrow(/button_list/);
    expect([...h.fake.cards.sent.keys()].filter((k) => k.startsWith("card-upd-"))).toEqual(["card-upd-1", "card-upd-2", "card-upd-3"]);
  });
});
