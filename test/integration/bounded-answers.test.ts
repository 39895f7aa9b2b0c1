/** Answers stay readable however large the roster: 未填报 over 50,000 units is a few messages, with the count. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import { Chat } from "../support/chat.js";
import { eventually, type Harness, wecomHarness } from "../support/wecom-harness.js";

const clock = new ManualClock("2022-03-09T02:00:00Z");
let h: Harness;
beforeAll(async () => {
  h = await wecomHarness({ clock });
  for (let i = 0; i < 50_000; i += 5_000)
    await h.db.prisma.unit.createMany({
      data: Array.from({ length: 5_000 }, (_, j) => ({
        code: `B${i + j}`,
        name: `第${i + j + 1}小学`,
        kind: "小学",
        township: "溧城街道",
      })),
    });
}, 120_000);
afterAll(async () => {
  await h.close();
});

describe("answers over a very large roster", () => {
  it("lists at most 200 of 50,000 missing units in 未填报, with how many more there are", async () => {
    const before = h.fake.deliveries.length;
    const first = await new Chat(h, "T_Admin").say("未填报 安全");
    // Over the passive-reply budget (a loaded machine, 50,000 units) the parts come through the outbox: wait for the last.
    await eventually(() => h.fake.deliveries.slice(before).some((d) => d.content.includes("另有")) || first.includes("另有"), 15_000);
    const later = h.fake.deliveries.slice(before).map((d) => d.content);
    const answer = first.includes("另有") ? first : later.join("\n");
    const messages = h.fake.deliveries.length - before + 1;
    expect(messages).toBeLessThanOrEqual(10);
    expect(answer).toContain("未填报的单位（50002）");
    expect(answer).toContain("200. ");
    expect(answer).not.toContain("201. ");
    expect(answer).toContain("另有 49802 个未列出");
  });
});
