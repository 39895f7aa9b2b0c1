/**
 * What a bureau must be able to trust, through the real callback and the real
 * bot: WeCom's retry storms store and answer each message once; hostile
 * requests are refused with a 4xx and write nothing; any sequence of any text
 * into any form gets a useful answer and leaves a readable form state.
 * (The long versions — crashes, a database outage, 100,000 hostile inputs —
 * are in `npm run soak`.)
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StateSchema } from "../../src/bot/conversation.js";
import { newMsgId } from "../../src/sim/callback-sender.js";
import { Chat } from "../support/chat.js";
import { mutatedCallback, nastyRequests, postRaw, rowCounts } from "../support/hostile.js";
import { type Harness, TEST_CORP, wecomHarness } from "../support/wecom-harness.js";

let h: Harness;
beforeAll(async () => {
  h = await wecomHarness();
});
afterAll(async () => {
  await h.close();
});

describe("WeCom's retry storm", () => {
  it("stores and answers each of 150 messages once when every one is delivered 4 times at once", async () => {
    const users = ["t_p1", "t_p2", "t_r1", "t_insp", "T_Admin"];
    const before = await h.db.prisma.inboundDedupe.count();
    const messages = Array.from({ length: 150 }, (_, i) =>
      h.sender.seal(h.sender.textXml(users[i % users.length] as string, "帮助", newMsgId())),
    );
    // In waves of 25 messages (100 requests at once): the test's own HTTP client shares the process and
    // its two cores with the bot, and 600 requests at once would miss WeCom's 5 s deadline on the client's
    // side. (The soak storm sends 2,000 × 4 from a process of its own.)
    const answers: { status: number; text: string }[][] = [];
    for (let i = 0; i < messages.length; i += 25) {
      const wave = messages.slice(i, i + 25);
      answers.push(...(await Promise.all(wave.map(({ query, body }) => Promise.all([1, 2, 3, 4].map(() => h.sender.post(query, body)))))));
    }
    expect(answers.flat().filter((a) => a.status !== 200)).toHaveLength(0);
    // Each message is processed once: its copies are answered empty (still in flight) or with the one recorded reply.
    const replies = answers.map((copies) => new Set(copies.map((a) => h.sender.openPassive(a.text).passive).filter((p) => p !== null)));
    expect(replies.filter((r) => r.size !== 1)).toHaveLength(0);
    expect(replies.every((r) => [...r][0]?.includes("您可以发送"))).toBe(true);
    expect((await h.db.prisma.inboundDedupe.count()) - before).toBe(150);
    expect(h.fake.deliveries).toHaveLength(0);
  });
});

describe("hostile requests", () => {
  it("answers each fixed nasty body (bombs, deep nesting, 10 MB, invalid UTF-8, JSON) with a 4xx and writes nothing", async () => {
    const before = await rowCounts(h.db.prisma);
    for (const r of nastyRequests(TEST_CORP, h.callbackUrl)) {
      const status = await postRaw(h.callbackUrl, r);
      expect({ name: r.name, refused: status >= 400 && status < 500 }).toEqual({ name: r.name, refused: true });
    }
    expect(await rowCounts(h.db.prisma)).toEqual(before);
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
  });

  it("refuses 400 mutated callbacks (signature, base64, padding, receiveid, timestamp, nonce) with a 4xx and no write", async () => {
    const before = await rowCounts(h.db.prisma);
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(mutatedCallback(TEST_CORP, h.callbackUrl), async (r) => {
        const status = await postRaw(h.callbackUrl, r);
        seen.set(r.name, (seen.get(r.name) ?? 0) + 1);
        expect(status >= 400 && status < 500).toBe(true);
      }),
      { seed: 20221108, numRuns: 400 },
    );
    expect(seen.size).toBe(9);
    expect(await rowCounts(h.db.prisma)).toEqual(before);
  });
});

describe("any text into any form", () => {
  const forms: [string, string][] = [
    ["t_p1", "安全检查"],
    ["t_p2", "课后服务"],
    ["t_r1", "进度"],
    ["t_insp", "督导"],
  ];
  it.each(forms)("%s in %s: every message gets a non-empty answer and the stored form state stays readable", async (userid, command) => {
    const chat = new Chat(h, userid);
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.string({ unit: "grapheme", maxLength: 30 }),
            fc.string({ unit: "binary", maxLength: 30 }),
            fc.constantFrom("是", "否", "3", "100", "跳过", "上一步", "改 2", "确认", "取消", "0", "-1", "1e9", "🙂", "　", "\u0000"),
          ),
          { minLength: 1, maxLength: 8 },
        ),
        async (inputs) => {
          await chat.say(command);
          for (const input of inputs) {
            const reply = await chat.say(input.trim() === "" ? `${input}?` : input);
            expect(reply.trim().length).toBeGreaterThan(0);
            const row = await h.db.prisma.conversation.findFirst({ where: { person: { useridKey: userid.toLowerCase() } } });
            if (row) expect(StateSchema.safeParse(JSON.parse(row.state)).success).toBe(true);
          }
          await chat.say("取消");
        },
      ),
      { seed: 20221108, numRuns: 15 },
    );
  });
});
