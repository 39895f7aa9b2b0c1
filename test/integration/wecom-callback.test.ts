import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { text } from "../../src/chat/reply.js";
import { ManualClock } from "../../src/clock.js";
import { CallbackSender, newMsgId } from "../../src/sim/callback-sender.js";
import { WeComCrypto } from "../../src/wecom/crypto.js";
import { buildXml } from "../../src/wecom/xml.js";
import { xmlPayloads } from "../support/wecom-fixtures.js";
import { eventually, type Harness, TEST_CORP, wecomHarness } from "../support/wecom-harness.js";

let h: Harness;
beforeAll(async () => {
  h = await wecomHarness();
});
afterAll(async () => {
  await h.close();
});

const writes = async (hh: Harness) => ({
  dedupe: await hh.db.prisma.inboundDedupe.count(),
  audit: await hh.db.prisma.auditLog.count(),
  people: await hh.db.prisma.person.count(),
});

/** The app with the worked example's credentials on today's clock. */
async function createApp2(set: { token: string; encodingAesKey: string; receiveId: string }) {
  return (await import("../../src/app.js")).createApp({
    config: (await import("../../src/config.js")).loadConfig({}),
    db: h.db,
    logger: h.log.logger,
    wecom: { ...h.wecomDeps, crypto: new WeComCrypto(set.token, set.encodingAesKey, set.receiveId), corpId: set.receiveId },
  });
}

describe("URL verification (GET)", () => {
  it("answers the decrypted echostr as plain text, nothing else, well within a second", async () => {
    const t0 = Date.now();
    const r = await h.sender.verifyUrl();
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(r.status).toBe(200);
    expect(r.body).toBe(r.plain);
  });

  it("answers the documentation's worked example with its plaintext on a clock set to its timestamp, and refuses it as stale today", async () => {
    const { vectorSets } = await import("../support/wecom-fixtures.js");
    const set = vectorSets[0];
    const a1 = set?.cases.find((c) => c.kind === "verify");
    if (!set || !a1?.urlEncodedEchostr) throw new Error("no A1");
    const app = await (await import("../../src/app.js")).createApp({
      config: (await import("../../src/config.js")).loadConfig({}),
      db: h.db,
      logger: h.log.logger,
      clock: new ManualClock(Number(a1.timestamp) * 1000 + 30_000),
      wecom: { ...h.wecomDeps, crypto: new WeComCrypto(set.token, set.encodingAesKey, set.receiveId), corpId: set.receiveId },
    });
    const s = await (await import("../support/http.js")).serve(app);
    try {
      const res = await fetch(
        `${s.url}/wecom/callback?msg_signature=${a1.msgSignature}&timestamp=${a1.timestamp}&nonce=${a1.nonce}&echostr=${a1.urlEncodedEchostr}`,
      );
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(a1.plaintext);
      const s2 = await (await import("../support/http.js")).serve(await createApp2(set));
      try {
        const stale = await fetch(
          `${s2.url}/wecom/callback?msg_signature=${a1.msgSignature}&timestamp=${a1.timestamp}&nonce=${a1.nonce}&echostr=${a1.urlEncodedEchostr}`,
        );
        expect(stale.status).toBe(401);
        expect(await stale.text()).not.toContain(a1.plaintext);
      } finally {
        await s2.close();
      }
    } finally {
      await s.close();
    }
  });

  it("accepts the worked example's POST (vector A2) on a clock set to its timestamp", async () => {
    const { vectorSets } = await import("../support/wecom-fixtures.js");
    const set = vectorSets[0];
    const a2 = set?.cases.find((c) => c.name.startsWith("A2"));
    if (!set || !a2?.body) throw new Error("no A2");
    const { createApp } = await import("../../src/app.js");
    const { loadConfig } = await import("../../src/config.js");
    const app = createApp({
      config: loadConfig({}),
      db: h.db,
      logger: h.log.logger,
      clock: new ManualClock(Number(a2.timestamp) * 1000 + 30_000),
      wecom: { ...h.wecomDeps, crypto: new WeComCrypto(set.token, set.encodingAesKey, set.receiveId), corpId: set.receiveId },
    });
    const s = await (await import("../support/http.js")).serve(app);
    try {
      const url = `${s.url}/wecom/callback?msg_signature=${a2.msgSignature}&timestamp=${a2.timestamp}&nonce=${a2.nonce}`;
      const res = await fetch(url, { method: "POST", body: a2.body });
      expect(res.status).toBe(200);
      expect(await h.db.prisma.inboundDedupe.findUnique({ where: { key: "msg:4561255354251345929" } })).not.toBeNull();
      const stale = await fetch(url.replace(s.url, h.url), { method: "POST", body: a2.body }); // today's clock: 2014 is stale
      expect(stale.status).toBe(401);
    } finally {
      await s.close();
    }
  });

  it("refuses a bad signature with 401", async () => {
    const res = await fetch(`${h.callbackUrl}?msg_signature=${"0".repeat(40)}&timestamp=1&nonce=2&echostr=abcd`);
    expect(res.status).toBe(401);
  });
});

describe("messages (POST)", () => {
  it("brings a rostered principal's text to the bot and its reply back exactly once, passively", async () => {
    const before = h.fake.deliveries.length;
    const r = await h.sender.sendText("t_p1", "帮助");
    expect(r.status).toBe(200);
    expect(r.attempts).toBe(1);
    expect(r.passiveType).toBe("text");
    expect(r.passive).toContain("测试校长甲");
    expect(h.fake.deliveries.length).toBe(before);
  });

  it("matches the sender's userid case-insensitively", async () => {
    const r = await h.sender.sendText("T_P1", "帮助");
    expect(r.passive).toContain("测试校长甲");
  });

  it("tells someone not on the roster their userid and whom to send it to", async () => {
    const r = await h.sender.sendText("stranger_007", "在吗");
    expect(r.passive).toContain("stranger_007");
    expect(r.passive).toContain("管理员");
  });

  it("answers voice, video, location, link and file messages with what the bot understands", async () => {
    const xml = buildXml({
      ToUserName: TEST_CORP.corpId,
      FromUserName: "t_p1",
      CreateTime: 1,
      MsgType: "voice",
      MediaId: "m",
      Format: "amr",
      MsgId: newMsgId(),
      AgentID: 1,
    });
    const r = await h.sender.deliver(xml);
    expect(r.passive).toMatch(/暂不支持语音消息/);
  });

  it("stores one record and sends one reply when WeCom delivers the same message 4 times at once", async () => {
    let calls = 0;
    const slow = await wecomHarness({
      wecom: {
        handle: async () => {
          calls++;
          await new Promise((r) => setTimeout(r, 300));
          return [text("收到")];
        },
      },
    });
    try {
      const { query, body } = slow.sender.seal(slow.sender.textXml("t_p1", "四次", newMsgId()));
      const answers = await Promise.all([1, 2, 3, 4].map(() => slow.sender.post(query, body)));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
      const replies = answers.map((a) => slow.sender.openPassive(a.text).passive).filter((p) => p !== null);
      expect(replies).toEqual(["收到"]);
      expect(calls).toBe(1);
      expect(await slow.db.prisma.inboundDedupe.count()).toBe(1);
      expect(slow.fake.deliveries).toHaveLength(0);
      expect(slow.log.lines().filter((l) => l.outcome === "duplicate")).toHaveLength(3);
    } finally {
      await slow.close();
    }
  });

  it("acknowledges every shared XML payload with 200", async () => {
    for (const p of xmlPayloads) {
      const { query, body } = h.sender.seal(p.xml);
      const r = await h.sender.post(query, body);
      expect(r.status, p.name).toBe(200);
    }
  });
});

describe("replies that miss the passive-reply budget", () => {
  it("answers an empty 200 at once and sends the reply through the API exactly once, even when WeCom redelivers meanwhile", async () => {
    const late = await wecomHarness({
      passiveReplyBudgetMs: 50,
      wecom: {
        handle: async () => {
          await new Promise((r) => setTimeout(r, 400));
          return [text("迟到的回复")];
        },
      },
    });
    try {
      const { query, body } = late.sender.seal(late.sender.textXml("t_p1", "慢一点", newMsgId()));
      const first = await late.sender.post(query, body);
      expect(first).toEqual({ status: 200, text: "" });
      const again = await late.sender.post(query, body); // WeCom's redelivery while the bot still works
      expect(again).toEqual({ status: 200, text: "" });
      await eventually(() => late.fake.deliveries.length > 0);
      await new Promise((r) => setTimeout(r, 300));
      expect(late.fake.deliveries.map((d) => [d.to, d.content])).toEqual([[["t_p1"], "迟到的回复"]]);
      const row = await late.db.prisma.inboundDedupe.findFirstOrThrow();
      expect(row.status).toBe("done");
    } finally {
      await late.close();
    }
  });

  it("sends Markdown and several messages through the API, in order, once each", async () => {
    const multi = await wecomHarness({
      wecom: { handle: async () => [text("第一条"), { type: "markdown", content: "**第二条**" }] },
    });
    try {
      const r = await multi.sender.sendText("t_p1", "多条");
      expect(r.passive).toBeNull();
      await eventually(() => multi.fake.deliveries.length === 2);
      expect(multi.fake.deliveries.map((d) => [d.msgtype, d.content])).toEqual([
        ["text", "第一条"],
        ["markdown", "**第二条**"],
      ]);
    } finally {
      await multi.close();
    }
  });

  it("answers 503 when the bot fails, and processes WeCom's redelivery once", async () => {
    let calls = 0;
    const flaky = await wecomHarness({
      wecom: {
        handle: async () => {
          calls++;
          if (calls === 1) throw new Error("database hiccup");
          return [text("好了")];
        },
      },
    });
    try {
      const r = await flaky.sender.sendText("t_p1", "再试");
      expect(r.attempts).toBe(2);
      expect(r.passive).toBe("好了");
      expect(calls).toBe(2);
    } finally {
      await flaky.close();
    }
  });
});

describe("refusals, each without a database write", () => {
  it("401 for a bad, missing or truncated signature", async () => {
    const before = await writes(h);
    const { query, body } = h.sender.seal(h.sender.textXml("t_p1", "x"));
    const q = new URLSearchParams(query);
    q.set("msg_signature", "f".repeat(40));
    expect((await h.sender.post(q.toString(), body)).status).toBe(401);
    q.delete("msg_signature");
    expect((await h.sender.post(q.toString(), body)).status).toBe(401);
    q.set("msg_signature", new URLSearchParams(query).get("msg_signature")?.slice(0, 20) ?? "");
    expect((await h.sender.post(q.toString(), body)).status).toBe(401);
    expect(await writes(h)).toEqual(before);
  });

  it("401 for a message encrypted for another corporation (wrong receiveid)", async () => {
    const before = await writes(h);
    const other = new CallbackSender({ url: h.callbackUrl, ...TEST_CORP, corpId: "wwanothercorp000001" });
    const r = await other.sendText("t_p1", "冒充");
    expect(r.status).toBe(401);
    expect(await writes(h)).toEqual(before);
  });

  it("401 for a timestamp over 10 minutes old or over 5 minutes ahead", async () => {
    const before = await writes(h);
    for (const offsetMs of [-11 * 60_000, 6 * 60_000]) {
      const skewed = new CallbackSender({ url: h.callbackUrl, ...TEST_CORP, clock: new ManualClock(Date.now() + offsetMs), attempts: 1 });
      expect((await skewed.sendText("t_p1", "旧消息")).status).toBe(401);
    }
    const fresh = new CallbackSender({ url: h.callbackUrl, ...TEST_CORP, clock: new ManualClock(Date.now() - 9 * 60_000), attempts: 1 });
    expect((await fresh.sendText("t_p1", "九分钟前")).status).toBe(200);
    expect((await writes(h)).dedupe).toBe(before.dedupe + 1);
  });

  it("400 for garbage, a body with no Encrypt, JSON, and a properly signed ciphertext with bad padding", async () => {
    const before = await writes(h);
    const ts = String(Math.floor(Date.now() / 1000));
    const signed = (encrypt: string) => `msg_signature=${h.crypto.signature(ts, "n1", encrypt)}&timestamp=${ts}&nonce=n1`;
    expect((await h.sender.post(signed("x"), "garbage <<<")).status).toBe(400);
    expect((await h.sender.post(signed("x"), "<xml><ToUserName>a</ToUserName></xml>")).status).toBe(400);
    expect((await h.sender.post(signed("x"), JSON.stringify({ encrypt: "abc" }))).status).toBe(400);
    const badPad = Buffer.alloc(64, 0x41).toString("base64"); // decrypts to junk whose padding is wrong
    expect((await h.sender.post(signed(badPad), buildXml({ Encrypt: badPad }))).status).toBe(400);
    expect(await writes(h)).toEqual(before);
  });

  it("413 for a body over 64 KB", async () => {
    const before = await writes(h);
    const { query } = h.sender.seal(h.sender.textXml("t_p1", "x"));
    const r = await h.sender.post(query, `<xml><Encrypt>${"A".repeat(70_000)}</Encrypt></xml>`);
    expect(r.status).toBe(413);
    expect(await writes(h)).toEqual(before);
  });

  it("rejects 1,000 random single-byte mutations of ciphertext or signature, by the signature check", async () => {
    const before = await writes(h);
    const { query, body } = h.sender.seal(h.sender.textXml("t_p1", "原文", newMsgId()));
    const q = new URLSearchParams(query);
    const sig = q.get("msg_signature") ?? "";
    const encrypt = /<Encrypt><!\[CDATA\[([^\]]+)\]\]><\/Encrypt>/.exec(body)?.[1] ?? "";
    const b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const hex = "0123456789abcdef";
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.nat(), fc.nat(), async (inSignature, pos, pick) => {
        let s = sig;
        let e = encrypt;
        if (inSignature) {
          const i = pos % s.length;
          const c = hex[(hex.indexOf(s[i] ?? "0") + 1 + (pick % 15)) % 16] ?? "0";
          s = s.slice(0, i) + c + s.slice(i + 1);
        } else {
          const i = pos % (e.length - 2); // the final "=" padding is not data
          const c = b64[(b64.indexOf(e[i] ?? "A") + 1 + (pick % 63)) % 64] ?? "A";
          e = e.slice(0, i) + c + e.slice(i + 1);
        }
        const mq = new URLSearchParams(q);
        mq.set("msg_signature", s);
        const r = await h.sender.post(mq.toString(), body.replace(encrypt, e));
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        expect(r.status).toBe(401);
      }),
      { seed: 424242, numRuns: 1000 },
    );
    expect(statuses.get(401)).toBe(1000);
    expect(h.log.lines().filter((l) => l.status === 401 && l.path === "/wecom/callback").length).toBeGreaterThanOrEqual(1000);
    expect(await writes(h)).toEqual(before);
  });

  it("never logs the token, the AES key, the secret or a decrypted body", () => {
    const logs = h.log.text();
    for (const s of [TEST_CORP.token, TEST_CORP.encodingAesKey, TEST_CORP.secret, "在吗", "九分钟前", "冒充", "原文"])
      expect(logs).not.toContain(s);
    expect(logs).toContain("UNAUTHORIZED");
  });
});

describe("the dedupe record", () => {
  it("is kept by MsgId as a string", async () => {
    const id = "9223372036854775807";
    await h.sender.sendText("t_p1", "最大的MsgId", id);
    const row = await h.db.prisma.inboundDedupe.findUniqueOrThrow({ where: { key: `msg:${id}` } });
    expect(row.fromUser).toBe("t_p1");
  });

  it("lets a redelivery take over a claim whose process died", async () => {
    const { claimDelivery } = await import("../../src/chat/dedupe.js");
    const now = new Date();
    expect(await claimDelivery(h.db.prisma, "msg:1", "u", now, 10_000)).toBe("claimed");
    expect(await claimDelivery(h.db.prisma, "msg:1", "u", new Date(now.getTime() + 5_000), 10_000)).toBe("duplicate");
    expect(await claimDelivery(h.db.prisma, "msg:1", "u", new Date(now.getTime() + 11_000), 10_000)).toBe("taken-over");
  });

  it("counts a copy reaching the process still working on it as a duplicate however late, and lets a restarted process take it over after the lease", async () => {
    const { DeliveryLedger } = await import("../../src/chat/dedupe.js");
    const working = new DeliveryLedger(h.db.prisma);
    const now = new Date();
    const lease = 3_500;
    expect(await working.claim("msg:slow", "u", now, lease)).toBe("claimed");
    expect(await working.claim("msg:slow", "u", new Date(now.getTime() + 20_000), lease)).toBe("duplicate");
    const restarted = new DeliveryLedger(h.db.prisma);
    expect(await restarted.claim("msg:slow", "u", new Date(now.getTime() + 1_000), lease)).toBe("duplicate");
    expect(await restarted.claim("msg:slow", "u", new Date(now.getTime() + 4_000), lease)).toBe("taken-over");
  });

  it("claims a turn's deliveries together: each new message once, its copies as duplicates, a dead claim taken over", async () => {
    const { DeliveryLedger, claimDelivery } = await import("../../src/chat/dedupe.js");
    const ledger = new DeliveryLedger(h.db.prisma);
    const now = new Date();
    await claimDelivery(h.db.prisma, "msg:dead", "u", new Date(now.getTime() - 60_000), 10_000); // its process died a minute ago
    await claimDelivery(h.db.prisma, "msg:alive", "u", now, 10_000);
    const keys = ["msg:a", "msg:b", "msg:a", "msg:dead", "msg:c", "msg:alive", "msg:b"];
    const results = await Promise.all(keys.map((k) => ledger.claim(k, "u", now, 10_000)));
    expect(results).toEqual(["claimed", "claimed", "duplicate", "taken-over", "claimed", "duplicate", "duplicate"]);
    await Promise.all(["msg:a", "msg:b", "msg:c"].map((k) => ledger.finish(k, now)));
    const rows = await h.db.prisma.inboundDedupe.findMany({ where: { key: { in: ["msg:a", "msg:b", "msg:c"] } } });
    expect(rows.map((r) => r.status)).toEqual(["done", "done", "done"]);
  });
});
