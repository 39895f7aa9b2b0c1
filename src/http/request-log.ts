/**
 * Gives every request an id (the caller's X-Request-Id when sane, else a new
 * one), a child logger that carries it, and one log line when it ends.
 */
import { randomUUID } from "node:crypto";
import type { Middleware } from "koa";
import type { Logger } from "../log.js";
import type { AppState } from "./state.js";

const SANE_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function requestLog(logger: Logger): Middleware<AppState> {
  return async (ctx, next) => {
    const given = ctx.get("x-request-id");
    const requestId = SANE_ID.test(given) ? given : randomUUID();
    ctx.state.requestId = requestId;
    ctx.state.log = logger.child({ reqId: requestId });
    ctx.set("X-Request-Id", requestId);
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // The path only: query strings of WeCom callbacks carry signatures.
      ctx.state.log.info({ method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round(ms * 10) / 10 }, "request");
    }
  };
}
