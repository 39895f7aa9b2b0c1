/**
 * GET /healthz: the process is alive. GET /readyz: the database answers — and, when the intelligent bot is
 * configured, whether this process holds its connection (`standby`: another does; never a reason to fail).
 */
import Router from "@koa/router";
import type { Database } from "../db/client.js";
import type { AppState } from "./state.js";

export function healthRoutes(db: Database, startedAt: Date, aibot?: () => string | null): Router<AppState> {
  const router = new Router<AppState>();
  router.get("/healthz", (ctx) => {
    ctx.body = { status: "ok", uptimeSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000) };
  });
  router.get("/readyz", async (ctx) => {
    try {
      await db.ping();
      const connection = aibot?.() ?? null;
      ctx.body = { status: "ready", database: db.provider, ...(connection ? { aibot: connection } : {}) };
    } catch (err) {
      ctx.status = 503;
      ctx.body = { status: "unavailable", database: db.provider, message: "数据库无响应" };
      ctx.state.log.warn({ cause: err instanceof Error ? err.message : String(err) }, "readiness check failed");
    }
  });
  return router;
}
