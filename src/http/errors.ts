/**
 * The one place HTTP errors are handled: coded AppErrors become their status
 * and a JSON body with the code and the Chinese sentence; anything else is a
 * 500 that says nothing of its cause. Logs get the code and the cause.
 */
import type { Middleware } from "koa";
import { isAppError } from "../errors.js";
import type { AppState } from "./state.js";

export function errorHandler(): Middleware<AppState> {
  return async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      const log = ctx.state.log;
      if (isAppError(err)) {
        ctx.status = err.status;
        ctx.body = { error: err.code, message: err.userMessage };
        log.warn({ code: err.code, status: err.status, cause: describe(err.cause) }, "request refused");
        return;
      }
      const status = httpStatusOf(err);
      if (status && status < 500) {
        // Koa's own body parsers and ctx.throw: 400, 413, 415 …
        ctx.status = status;
        ctx.body = { error: "BAD_REQUEST", message: "请求无法处理" };
        log.warn({ status, cause: describe(err) }, "request refused");
        return;
      }
      ctx.status = 500;
      ctx.body = { error: "INTERNAL", message: "服务内部错误，请稍后再试" };
      log.error({ err }, "unhandled error");
    }
  };
}

function httpStatusOf(err: unknown): number | undefined {
  if (typeof err === "object" && err !== null) {
    const s = (err as { status?: unknown; statusCode?: unknown }).status ?? (err as { statusCode?: unknown }).statusCode;
    if (typeof s === "number") return s;
  }
  return undefined;
}

function describe(err: unknown): string | undefined {
  if (err === undefined) return undefined;
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
