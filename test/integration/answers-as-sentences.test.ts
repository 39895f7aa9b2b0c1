/**
 * A principal answers as they would speak: “没有校车”, “没有” at a count or a photo, “缺两个灭火器” at a
 * yes/no — each taken for what it means, and the problem's words offered as the hazard's description.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import { Chat } from "../support/chat.js";
import { type Harness, wecomHarness } from "../support/wecom-harness.js";

const clock = new ManualClock("2022-03-08T02:00:00Z");
let h: Harness;
beforeAll(async () => {
  h = await wecomHarness({ clock });
});
afterAll(async () => {
  await h.close();
});

describe("a 安全检查 answered in sentences", () => {
  it("takes 没有高层 / 没有校车 / 没有食堂 as 不适用, 缺两个灭火器 as 否 with its words offered for the hazard, 没有 at a count and a photo", async () => {
    const p = new Chat(h, "t_p1");
    await p.say("安全检查");
    await p.script("是", "是"); // 生命通道, 微型消防站 built
    const offered = await p.say("缺两个灭火器");
    expect(offered).toContain("您刚才写了“缺两个灭火器”");
    await p.say("是"); // the description
    await p.script("1", "下周五", "王主任"); // severity 一般, deadline, responsible
    await p.say("没有"); // no photo: skipped
    await p.say("是"); // 值守
    await p.script("没有高层", "没有校车", "没有食堂", "100", "100");
    await p.say("没有"); // no other hazard
    const review = await p.say("没有"); // no note
    expect(review).toContain("请核对");
    await p.say("确认");
    const r = await h.db.prisma.report.findFirstOrThrow({ where: { kind: "safety", unit: { code: "T-S1" } } });
    expect(r.data).toMatchObject({
      stationEquipment: false,
      highRise: "不适用",
      schoolBus: "不适用",
      canteenFood: "无食堂",
      hazardCount: 0,
    });
    const hazard = await h.db.prisma.hazard.findFirstOrThrow({ where: { reportId: r.id } });
    expect(hazard).toMatchObject({ description: "缺两个灭火器", photoId: null });
  });
});
