/**
 * GET /metrics: off unless METRICS_ENABLED; behind a bearer token when
 * METRICS_TOKEN is set; its counters move as callbacks, replies, dedupe hits,
 * outbox sends and scheduler firings happen.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import { newMsgId } from "../../src/sim/callback-sender.js";
import { Chat } from "../support/chat.js";
import { type Harness, wecomHarness } from "../support/wecom-harness.js";

const TOKEN = "metrics-token-0123456789";
const clock = new ManualClock("2026-09-29T01:00:00Z");
let h: Harness;
beforeAll(async () => {
  h = await wecomHarness({ clock, env: { METRICS_ENABLED: "true", METRICS_TOKEN: TOKEN } });
});
afterAll(async () => {
  await h.close();
});

async function scrape(): Promise<string> {
  const r = await fetch(`${h.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(r.status).toBe(200);
  return r.text();
}
function value(text: string, series: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe("/metrics", () => {
  it("is not served at all without METRICS_ENABLED", async () => {
    const off = await wecomHarness();
    try {
      expect((await fetch(`${off.url}/metrics`)).status).toBe(404);
    } finally {
      await off.close();
    }
  });

  it("answers 401 without the token, and 200 with it", async () => {
    expect((await fetch(`${h.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${h.url}/metrics`, { headers: { authorization: "Bearer wrong-token-000000000" } })).status).toBe(401);
    expect(await scrape()).toContain("wecom_bot_callbacks_total");
  });

  it("counts passive replies, dedupe hits, refusals and latency as callbacks are answered", async () => {
    const before = await scrape();
    const passive = 'wecom_bot_callbacks_total{outcome="passive-reply",status="200"}';
    const duplicate = 'wecom_bot_callbacks_total{outcome="duplicate",status="200"}';
    const refused = 'wecom_bot_callbacks_total{outcome="refused",status="401"}';
    const p = new Chat(h, "t_p1");
    await p.say("帮助");
    await p.say("我的");
    const { query, body } = h.sender.seal(h.sender.textXml("t_p1", "帮助", newMsgId()));
    await h.sender.post(query, body);
    await h.sender.post(query, body); // WeCom's copy
    await h.sender.post(query.replace(/msg_signature=[^&]+/, "msg_signature=0000"), body);
    const after = await scrape();
    expect(value(after, passive) - value(before, passive)).toBe(3);
    expect(value(after, duplicate) - value(before, duplicate)).toBe(1);
    expect(value(after, refused) - value(before, refused)).toBe(1);
    expect(value(after, 'wecom_bot_callback_seconds_count{outcome="passive-reply"}')).toBeGreaterThanOrEqual(3);
  });

  it("counts outbox sends by channel, the outbox depth, scheduler firings and token refreshes", async () => {
    const r = await h.db.prisma.reminder.create({
      data: { kind: "safety", phrase: "每天 10:00", rule: { type: "daily", hour: 10, minute: 0 }, audience: "missing", createdBy: "test" },
    });
    await h.worker.stop();
    await h.scheduler.fireNow("reminder", r.id);
    const queued = await scrape();
    expect(value(queued, 'wecom_bot_outbox_depth{channel="app"}')).toBeGreaterThanOrEqual(1);
    clock.advance(10 * 60_000);
    await h.worker.drain();
    const sent = await scrape();
    expect(value(sent, 'wecom_bot_outbox_sent_total{channel="app"}')).toBeGreaterThanOrEqual(1);
    expect(value(sent, 'wecom_bot_outbox_depth{channel="app"}')).toBe(0);
    expect(value(sent, "wecom_bot_wecom_token_refreshes_total")).toBeGreaterThanOrEqual(1);
    clock.set("2026-09-30T02:05:00Z"); // past the next 10:00 in Liyang
    await h.scheduler.tick();
    expect(value(await scrape(), 'wecom_bot_scheduler_firings_total{result="fired"}')).toBeGreaterThanOrEqual(1);
  });
});
