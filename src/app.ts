/**
 * createApp(deps): the Koa app, without listening. Tests drive it directly;
 * main.ts gives it a server.
 */
import Koa from "koa";
import type { Config } from "./config.js";
import type { Database } from "./db/client.js";
import { errorHandler } from "./http/errors.js";
import { healthRoutes } from "./http/health.js";
import { requestLog } from "./http/request-log.js";
import type { AppState } from "./http/state.js";
import type { Logger } from "./log.js";

export type AppDeps = {
  config: Config;
  db: Database;
  logger: Logger;
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
  return app;
}
