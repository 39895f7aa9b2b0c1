import { describe, expect, it } from "vitest";
import { AIBOT_CHAT_LIMITS, ChatRateLimit } from "../../src/aibot/rate-limit.js";

describe("the intelligent bot's limits per chat", () => {
  it("lets 30 sends a minute go at once and places the 31st when the first leaves the minute", () => {
    const l = new ChatRateLimit();
    for (let i = 0; i < 30; i++) expect(l.take("chat-a", 1_000 + i)).toBe(0);
    expect(l.take("chat-a", 2_000)).toBe(1_000 + 60_000 - 2_000);
    // Another chat has its own count.
    expect(l.take("chat-b", 2_000)).toBe(0);
    // The next one waits for the second send to leave, after the 31st.
    expect(l.waitFor("chat-a", 2_000)).toBe(1_001 + 60_000 - 2_000);
  });

  it("holds a chat to 1,000 sends an hour even when every minute has room", () => {
    const l = new ChatRateLimit();
    let t = 0;
    // 1,000 sends, 25 a minute: the minute never fills, the hour does after 40 minutes.
    for (let i = 0; i < 1000; i++) {
      if (i % 25 === 0 && i > 0) t += 60_000;
      expect(l.take("group", t + (i % 25))).toBe(0);
    }
    const now = t + 60_000;
    expect(l.waitFor("group", now)).toBe(3_600_000 - now);
    expect(l.take("group", 3_600_000 + 1)).toBe(0);
  });

  it("keeps to the order of a chat's sends: a send after a delayed one is placed after it", () => {
    const l = new ChatRateLimit([{ max: 2, ms: 1_000 }]);
    expect(l.take("c", 0)).toBe(0);
    expect(l.take("c", 0)).toBe(0);
    expect(l.take("c", 10)).toBe(990);
    expect(l.take("c", 20)).toBe(1_000 - 20 + 1);
    expect(AIBOT_CHAT_LIMITS).toEqual([
      { max: 30, ms: 60_000 },
      { max: 1000, ms: 3_600_000 },
    ]);
  });

  it("forgets a chat's sends once they are older than the hour", () => {
    const l = new ChatRateLimit();
    for (let i = 0; i < 30; i++) l.take("c", i);
    expect(l.waitFor("c", 30)).toBeGreaterThan(0);
    expect(l.take("c", 3_600_001)).toBe(0);
    expect(l.waitFor("c", 3_600_002)).toBe(0);
  });
});
