/**
 * GET /metrics in Prometheus' text format (prom-client), answered only when
 * METRICS_ENABLED is true — and, when METRICS_TOKEN is set, only to
 * `Authorization: Bearer <token>`. One registry per app (no module-level
 * singleton: tests run several apps). Callbacks are counted as they are
 * answered; the outbox, scheduler and WeCom client keep their own counts,
 * read at each scrape; the outbox depth is counted in the database then.
 */
import { timingSafeEqual } from "node:crypto";
import Router from "@koa/router";
import type { Middleware } from "koa";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { Db } from "../db/client.js";
import type { AppState } from "./state.js";

/** Where the counts live that are read at each scrape. */
export type MetricsSources = {
  db: Db;
  outbox?: { byChannel: ReadonlyMap<string, { sent: number; retried: number; failed: number }> };
  scheduler?: { stats: { fired: number; skipped: number } };
  api?: { stats: { tokenRefreshes: number; retries: number; errcodes: ReadonlyMap<number, number> } };
};

export type Metrics = { registry: Registry; record: Middleware<AppState>; routes(): Router<AppState> };

const CALLBACK = "/wecom/callback";

export function createMetrics(sources: MetricsSources, opts: { token?: string } = {}): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "wecom_bot_" });

  const callbacks = new Counter({
    name: "wecom_bot_callbacks_total",
    help: "WeCom callbacks answered, by what was done (passive-reply, api-reply, duplicate, taken-over, …) and HTTP status",
    labelNames: ["outcome", "status"],
    registers: [registry],
  });
  const latency = new Histogram({
    name: "wecom_bot_callback_seconds",
    help: "Time from a callback's arrival to its answer",
    labelNames: ["outcome"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const counted = (name: string, help: string, labelNames: string[], read: (c: Counter) => void) =>
    new Counter({
      name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        this.reset();
        read(this);
      },
    });
  counted("wecom_bot_outbox_sent_total", "Outbox messages WeCom accepted, by channel", ["channel"], (c) => {
    for (const [channel, n] of sources.outbox?.byChannel ?? []) c.inc({ channel }, n.sent);
  });
  counted("wecom_bot_outbox_retried_total", "Outbox sends that failed and were put back for a retry, by channel", ["channel"], (c) => {
    for (const [channel, n] of sources.outbox?.byChannel ?? []) c.inc({ channel }, n.retried);
  });
  counted("wecom_bot_outbox_failed_total", "Outbox messages given up after OUTBOX_MAX_ATTEMPTS, by channel", ["channel"], (c) => {
    for (const [channel, n] of sources.outbox?.byChannel ?? []) c.inc({ channel }, n.failed);
  });
  counted("wecom_bot_scheduler_firings_total", "Reminder and digest firings run, and missed ones skipped", ["result"], (c) => {
    c.inc({ result: "fired" }, sources.scheduler?.stats.fired ?? 0);
    c.inc({ result: "skipped" }, sources.scheduler?.stats.skipped ?? 0);
  });
  counted("wecom_bot_wecom_token_refreshes_total", "access_token fetches", [], (c) => c.inc(sources.api?.stats.tokenRefreshes ?? 0));
  counted("wecom_bot_wecom_errcodes_total", "Non-zero errcodes WeCom answered, by errcode", ["errcode"], (c) => {
    for (const [errcode, n] of sources.api?.stats.errcodes ?? []) c.inc({ errcode: String(errcode) }, n);
  });
  new Gauge({
    name: "wecom_bot_outbox_depth",
    help: "Outbox messages not yet sent (pending or being sent), by channel",
    labelNames: ["channel"],
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await sources.db.outbox.groupBy({
        by: ["channel"],
        where: { status: { in: ["pending", "sending"] } },
        _count: { _all: true },
      });
      for (const r of rows) this.set({ channel: r.channel }, r._count._all);
    },
  });

  const record: Middleware<AppState> = async (ctx, next) => {
    if (ctx.path !== CALLBACK || ctx.method !== "POST") return next();
    const stop = latency.startTimer();
    try {
      await next();
    } finally {
      const outcome = ctx.state.outcome ?? (ctx.status >= 400 ? "refused" : "other");
      callbacks.inc({ outcome, status: String(ctx.status) });
      stop({ outcome });
    }
  };

  const expected = opts.token ? Buffer.from(`Bearer ${opts.token}`) : null;
  return {
    registry,
    record,
    routes() {
      const router = new Router<AppState>();
      router.get("/metrics", async (ctx) => {
        if (expected) {
          const given = Buffer.from(ctx.get("authorization"));
          if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
            ctx.status = 401;
            ctx.body = "";
            return;
          }
        }
        ctx.type = registry.contentType;
        ctx.body = await registry.metrics();
      });
      return router;
    },
  };
}
