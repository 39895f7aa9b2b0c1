/**
 * createApp(deps): the Koa app, without listening. Tests drive it directly;
 * main.ts gives it a server.
 */
import Koa from "koa";
import { createBot } from "./bot/bot.js";
import { type Clock, systemClock } from "./clock.js";
import type { Config } from "./config.js";
import type { Database } from "./db/client.js";
import { errorHandler } from "./http/errors.js";
import { healthRoutes } from "./http/health.js";
import { requestLog } from "./http/request-log.js";
import type { AppState } from "./http/state.js";
import type { Logger } from "./log.js";
import type { WeComApi } from "./wecom/api.js";
import type { WeComCrypto } from "./wecom/crypto.js";
import { apiLateReplies } from "./wecom/late-replies.js";
import { callbackRoutes, type EventHandler, type LateReplySender } from "./wecom/receiver.js";

export type WeComDeps = {
  crypto: WeComCrypto;
  api: WeComApi;
  corpId: string;
  /** Replaces the bot (tests). */
  handle?: EventHandler;
  /** Replaces the late-reply path (tests). */
  sendLate?: LateReplySender;
};

export type AppDeps = {
  config: Config;
  db: Database;
  logger: Logger;
  clock?: Clock;
  /** The WeCom transport; absent when no WeCom (real or fake) is configured. */
  wecom?: WeComDeps;
};

export function createApp(deps: AppDeps): Koa<AppState> {
  const app = new Koa<AppState>();
  app.proxy = true;
  // Errors are answered by errorHandler; Koa's default printer would log them twice.
  app.silent = true;
  app.use(requestLog(deps.logger));
  app.use(errorHandler());
  const health = healthRoutes(deps.db, new Date());
  app.use(health.routes());
  app.use(health.allowedMethods());
  if (deps.wecom) {
    const api = deps.wecom.api;
    const bot = createBot({
      db: deps.db.prisma,
      clock: deps.clock ?? systemClock,
      timezone: deps.config.timezone,
      formIdleMinutes: deps.config.formIdleMinutes,
      fetchMedia: (mediaId) => api.getMedia(mediaId),
    });
    const callback = callbackRoutes({
      crypto: deps.wecom.crypto,
      db: deps.db.prisma,
      clock: deps.clock ?? systemClock,
      handle: deps.wecom.handle ?? bot.processEvent,
      sendLate: deps.wecom.sendLate ?? apiLateReplies(deps.wecom.api),
      passiveReplyBudgetMs: deps.config.passiveReplyBudgetMs,
      corpId: deps.wecom.corpId,
    });
    app.use(callback.routes());
    app.use(callback.allowedMethods());
  }
  return app;
}
