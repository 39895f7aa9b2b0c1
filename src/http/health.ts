/**
 * GET /healthz: the process is alive. GET /readyz: the database answers.
 */
import Router from "@koa/router";
import type { Database } from "../db/client.js";
import type { AppState } from "./state.js";

export function healthRoutes(db: Database, startedAt: Date): Router<AppState> {
  const router = new Router<AppState>();
  router.get("/healthz", (ctx) => {
    ctx.body = { status: "ok", uptimeSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000) };
  });
  router.get("/readyz", async (ctx) => {
    try {
      await db.ping();
      ctx.body = { status: "ready", database: db.provider };
    } catch (err) {
      ctx.status = 503;
      ctx.body = { status: "unavailable", database: db.provider, message: "数据库无响应" };
      ctx.state.log.warn({ cause: err instanceof Error ? err.message : String(err) }, "readiness check failed");
    }
  });
  return router;
}
