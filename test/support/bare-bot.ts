/**
 * The bot without any transport, over a fresh database with the test roster:
 * processEvent() on neutral InboundEvents, no HTTP, no AES.
 */
import path from "node:path";
import { createBot } from "../../src/bot/bot.js";
import type { InboundEvent } from "../../src/chat/inbound.js";
import { wordsOf } from "../../src/chat/reply.js";
import type { ManualClock } from "../../src/clock.js";
import { KindRegistry } from "../../src/kinds/registry.js";
import { importRoster } from "../../src/roster/import-roster.js";
import { freshDatabase } from "./db.js";
import { memoryLogger } from "./log.js";

export async function bareBot(clock: ManualClock) {
  const t = await freshDatabase();
  await importRoster(t.prisma, path.join(import.meta.dirname, "..", "fixtures", "roster-good.csv"));
  const bot = createBot({
    db: t.prisma,
    clock,
    timezone: "Asia/Shanghai",
    formIdleMinutes: 120,
    fetchMedia: null,
    identityTtlMs: 0,
    kinds: KindRegistry.builtin(),
  });
  const { logger } = memoryLogger();
  let n = 0;
  /** A text message from `from`, as any transport would hand it over. */
  const text = (from: string, content: string, id = `msg:${++n}`): InboundEvent => ({
    id,
    from,
    createTime: Math.floor(clock.now().getTime() / 1000),
    receivedAt: clock.now(),
    kind: "text",
    msgId: id.slice(4),
    text: content,
  });
  /** What the bot answers to a message, as one string. */
  const say = async (from: string, content: string) => (await bot.processEvent(text(from, content), logger)).map(wordsOf).join("\n");
  return { t, bot, logger, text, say };
}
