/**
 * The bot without any transport: processEvent() on neutral InboundEvents,
 * no HTTP, no AES — the form engine's paths (answers, 上一步, 改 N, 取消,
 * expiry, a redelivered event) against a real database.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Bot } from "../../src/bot/bot.js";
import type { InboundEvent } from "../../src/chat/inbound.js";
import { ManualClock } from "../../src/clock.js";
import type { Logger } from "../../src/log.js";
import { bareBot } from "../support/bare-bot.js";
import type { TestDatabase } from "../support/db.js";

const clock = new ManualClock("2022-03-09T02:00:00Z"); // Wednesday of 2022-W10, 10:00 in Liyang
let t: TestDatabase;
let bot: Bot;
let logger: Logger;
let text: (from: string, content: string, id?: string) => InboundEvent;
let say: (from: string, content: string) => Promise<string>;

beforeAll(async () => {
  ({ t, bot, logger, text, say } = await bareBot(clock));
});
afterAll(async () => {
  await t.drop();
});

describe("the bot on InboundEvents alone", () => {
  it("asks a form's questions in order, goes back with 上一步, changes one answer with 改 N, and ends with 取消", async () => {
    expect(await say("t_p1", "安全检查")).toContain("【第1项");
    expect(await say("t_p1", "是")).toContain("【第2项");
    expect(await say("t_p1", "上一步")).toContain("【第1项");
    // 生命通道 不畅通 is a hazard: recorded right after it (description, severity, deadline, who, photo).
    expect(await say("t_p1", "否")).toContain("【第2项");
    for (const a of ["楼道堆放杂物", "1", "下周五", "王主任", "跳过"]) await say("t_p1", a);
    for (const a of ["否", "3", "3", "3", "100", "100", "0"]) await say("t_p1", a);
    const review = await say("t_p1", "跳过"); // 备注
    expect(review).toContain("请核对");
    expect(review).toContain("生命通道畅通：否");
    expect(await say("t_p1", "改 1")).toContain("生命通道");
    const back = await say("t_p1", "是");
    expect(back).toContain("请核对");
    expect(back).toContain("生命通道畅通：是");
    expect(await say("t_p1", "取消")).toContain("已取消");
    expect(await t.prisma.conversation.count()).toBe(0);
    expect(await t.prisma.report.count()).toBe(0);
  });

  it("answers a redelivered event the same as the first time, without applying it twice", async () => {
    await say("t_p2", "安全检查");
    const event = text("t_p2", "是");
    const first = await bot.processEvent(event, logger);
    const again = await bot.processEvent(event, logger);
    expect(again).toEqual(first);
    expect(await say("t_p2", "否")).toContain("【第3项");
    await say("t_p2", "取消");
  });

  it("expires a form left idle past FORM_IDLE_MINUTES with a notice, then handles the new message", async () => {
    await say("t_p1", "课后服务");
    clock.advance(121 * 60_000);
    const late = await say("t_p1", "帮助");
    expect(late).toContain("已超过 120 分钟没有继续，已自动取消");
    expect(late).toContain("您可以发送");
    expect(await t.prisma.conversation.count()).toBe(0);
  });

  it("tells a stranger their userid and stores nothing", async () => {
    const before = await t.prisma.auditLog.count();
    expect(await say("nobody_here", "安全检查")).toContain("nobody_here");
    expect(await t.prisma.auditLog.count()).toBe(before);
  });
});
