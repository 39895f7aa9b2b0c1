/**
 * The bot without any transport: processEvent() on neutral InboundEvents,
 * no HTTP, no AES — the form engine's paths (answers, 上一步, 改 N, 取消,
 * expiry, a redelivered event) against a real database.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Bot, createBot } from "../../src/bot/bot.js";
import type { InboundEvent } from "../../src/chat/inbound.js";
import { wordsOf } from "../../src/chat/reply.js";
import { ManualClock } from "../../src/clock.js";
import { importRoster } from "../../src/roster/import-roster.js";
import { freshDatabase, type TestDatabase } from "../support/db.js";
import { memoryLogger } from "../support/log.js";

// Forms that meet people halfway (issue 15, item 6), through processEvent alone.
const clock = new ManualClock("2022-03-09T02:00:00Z"); // Wednesday of 2022-W10, 10:00 in Liyang
let t: TestDatabase;
let bot: Bot;
const { logger } = memoryLogger();
let n = 0;

beforeAll(async () => {
  t = await freshDatabase();
  await importRoster(t.prisma, path.join(import.meta.dirname, "..", "fixtures", "roster-good.csv"));
  bot = createBot({ db: t.prisma, clock, timezone: "Asia/Shanghai", formIdleMinutes: 120, fetchMedia: null, identityTtlMs: 0 });
});
afterAll(async () => {
  await t.drop();
});

const say = async (from: string, content: string) => {
  const id = `msg:h${++n}`;
  const event: InboundEvent = {
    id,
    from,
    createTime: Math.floor(clock.now().getTime() / 1000),
    receivedAt: clock.now(),
    kind: "text",
    msgId: id.slice(4),
    text: content,
  };
  return (await bot.processEvent(event, logger)).map(wordsOf).join("\n");
};

describe("forms that meet people halfway", () => {
  it("takes 齐全, 正常, 好的 and 是👍 for yes, explains the question on 帮助 without offering to leave, and refuses 确认 as a person's name", async () => {
    expect(await say("t_p1", "安全检查")).toContain("生命通道");
    expect(await say("t_p1", "是👍")).toContain("微型消防站是否已建成");
    expect(await say("t_p1", "好的")).toContain("器材是否齐全");
    const help = await say("t_p1", "帮助");
    expect(help).toContain("回复“是”或“否”");
    expect(help).toContain("“上一步”回到上一项");
    expect(help).not.toContain("要放弃它去执行");
    expect(help).toContain("器材是否齐全"); // the question again
    expect(await say("t_p1", "齐全")).toContain("值守到位");
    expect(await say("t_p1", "正常")).toContain("高层建筑");
    for (const a of ["3", "3", "1", "是", "是", "100", "98%"]) await say("t_p1", a);
    expect(await say("t_p1", "1")).toContain("请描述这处隐患");
    await say("t_p1", "二楼安全出口堆放杂物");
    await say("t_p1", "1");
    await say("t_p1", "一般");
    await say("t_p1", "下周五");
    const refused = await say("t_p1", "确认");
    expect(refused).toContain("“确认”是表单用语");
    expect(refused).toContain("整改责任人是谁");
    expect(await say("t_p1", "王主任")).toContain("照片");
  });

  it("reads 没有 or 无 at an optional remark as nothing to add, not as the remark", async () => {
    await say("t_p1", "跳过"); // the photo
    const summary = await say("t_p1", "没有");
    expect(summary).toContain("请核对");
    expect(summary).toMatch(/备注：（跳过）/);
    expect(await say("t_p1", "确认")).toContain("✅ 已提交");
    const r = await t.prisma.report.findFirstOrThrow({ where: { kind: "safety" } });
    expect((r.data as Record<string, unknown>).note ?? null).toBeNull();
  });
});
