/**
 * What a principal types in the middle of a form is an answer when it fits the question; a command leaves the
 * form only on an explicit 放弃; and a form left (放弃, 取消, idle) comes back with every answer on 恢复.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import { Chat } from "../support/chat.js";
import { type Harness, wecomHarness } from "../support/wecom-harness.js";

const clock = new ManualClock("2022-03-08T02:00:00Z"); // Tuesday of 2022-W10
let h: Harness;
beforeAll(async () => {
  h = await wecomHarness({ clock });
});
afterAll(async () => {
  await h.close();
});

const form = (userid: string) => h.db.prisma.conversation.findFirst({ where: { person: { useridKey: userid } } });
const answers = async (userid: string) => JSON.parse((await form(userid))?.state ?? "{}").answers as Record<string, unknown>;

// 生命通道 是, 微型消防站 否, 高层 不适用, 校车 不适用, 食堂 正常 → the canteen's two questions follow.
const TO_CANTEEN = ["是", "否", "3", "3", "1"];

describe("a word that is both an answer and a command", () => {
  it("answers “食堂燃气、用电是否安全？” with 安全, and the form goes on", async () => {
    const p = new Chat(h, "t_p1");
    await p.say("安全检查");
    const gas = await p.script(...TO_CANTEEN);
    expect(gas).toContain("燃气");
    const next = await p.say("安全");
    expect(next).not.toContain("中断");
    expect(next).toContain("培训");
    expect(await answers("t_p1")).toMatchObject({ canteenGasPower: true });
    await p.say("取消");
  });
});

describe("a command typed mid-form", () => {
  it("asks, and takes the next answer as the question's answer — never a yes-word as leave to abandon it", async () => {
    const p = new Chat(h, "t_p2");
    await p.say("安全检查");
    await p.script(...TO_CANTEEN);
    const ask = await p.say("我的");
    expect(ask).toContain("“我的”会中断正在填写的");
    expect(ask).toContain("回复“放弃”");
    // 是 was meant for the question on the screen (燃气、用电): it answers it, the form and its 6 answers stay.
    const next = await p.say("是");
    expect(next).toContain("培训");
    expect(await answers("t_p2")).toMatchObject({ lifePassage: true, canteenFood: "正常", canteenGasPower: true });
    // 放弃 leaves for the command; 恢复 brings the form back at the question it was left at, every answer kept.
    await p.say("我的");
    expect(await p.say("放弃")).toContain("的填报情况");
    expect(await form("t_p2")).toBeNull();
    const back = await p.say("恢复");
    expect(back).toContain("已恢复");
    expect(back).toContain("培训");
    expect(await answers("t_p2")).toMatchObject({ lifePassage: true, canteenFood: "正常", canteenGasPower: true });
    await p.say("取消");
  });

  it("at a free-text question, is not stored as the text (“进度 1” at 说明)", async () => {
    const p = new Chat(h, "t_p1");
    await p.say("安全检查");
    await p.script("是", "否", "3", "3", "3", "100", "100", "0");
    const ask = await p.say("进度 1");
    expect(ask).toContain("“进度 1”会中断");
    expect(await answers("t_p1")).not.toHaveProperty("note");
    expect(await p.say("继续")).toContain("好的，继续填写");
    expect(await p.say("安全 出口已清理")).toContain("请核对");
    expect(await answers("t_p1")).toMatchObject({ note: "安全 出口已清理" });
    await p.say("取消");
  });
});

describe("恢复", () => {
  it("brings back a form cancelled by mistake, and one that expired while the principal was away", async () => {
    const p = new Chat(h, "t_r1");
    await p.say("安全检查");
    await p.script("是", "否", "3");
    expect(await p.say("取消")).toContain("回复“恢复”可找回");
    expect(await p.say("恢复")).toContain("【第4项");
    clock.advance(121 * 60_000);
    const expired = await p.say("是");
    expect(expired).toContain("已自动取消");
    expect(expired).toContain("回复“恢复”即可接着填");
    expect(await p.say("恢复")).toContain("【第4项");
    expect(await answers("t_r1")).toMatchObject({ lifePassage: true, stationBuilt: false, highRise: "不适用" });
    await p.say("取消");
  });

  it("says there is nothing to bring back after 24 hours", async () => {
    const p = new Chat(h, "t_r1");
    clock.advance(25 * 3_600_000);
    expect(await p.say("恢复")).toContain("没有可以恢复的填写");
  });
});

describe("上一步 back to a photo", () => {
  it("keeps the photo when the principal moves on with 跳过", async () => {
    const p = new Chat(h, "t_p1");
    await p.say("安全检查");
    // 生命通道 否 → the hazard's questions: description, severity, deadline, responsible, photo.
    await p.script("否", "楼道堆放杂物", "1", "下周五", "王主任");
    expect(await p.photo()).toContain("照片已保存");
    expect(await p.say("上一步")).toContain("当前答案：已上传照片");
    await p.say("跳过");
    const a = await answers("t_p1");
    expect((a.lifePassageHazard as { photo: unknown }[])[0]?.photo).toMatchObject({ photoId: expect.any(Number) });
    await p.say("取消");
  });
});
