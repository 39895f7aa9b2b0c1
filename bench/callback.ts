/**
 * The callback round trip: encrypted text messages from many users (each a
 * real form step, so the database is written) → reply. Maximum messages/s at
 * 50 connections; p50/p99 latency at an offered 500 messages/s (open loop);
 * beside it, in the same run, the floor (same crypto, parsing and writes, no
 * HTTP) and the ceiling (a bare Koa handler).
 */
import autocannon from "autocannon";
import { runChild, startChild } from "./lib/children.js";
import { benchDatabase, seedSchools } from "./lib/data.js";
import { nextRequest, sealer } from "./lib/messages.js";

const USERS = 2000;

type Load = { rate: number; p50: number; p99: number; non2xx: number; errors: number; total: number };

async function load(port: number, opts: { seconds: number; overallRate?: number; callback: boolean }): Promise<Load> {
  const sender = sealer();
  let nextUser = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: 50,
    duration: opts.seconds,
    ...(opts.overallRate ? { overallRate: opts.overallRate } : {}),
    requests: [
      opts.callback
        ? {
            method: "POST",
            setupRequest: (req: autocannon.Request, ctx: object) => {
              const context = ctx as Record<string, unknown>;
              context.user ??= `bench_p_${nextUser++ % USERS}`;
              const step = (context.step as number | undefined) ?? 0;
              context.step = step + 1;
              const r = nextRequest(sender, context.user as string, step);
              return { ...req, path: r.path, body: r.body, headers: { "content-type": "application/xml" } } as autocannon.Request;
            },
          }
        : { method: "GET", path: "/" },
    ],
  });
  return {
    rate: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    total: result.requests.total,
  };
}

export async function callbackBench(provider: "sqlite" | "postgresql", seconds = 10): Promise<Record<string, number | string>> {
  const b = await benchDatabase(provider);
  try {
    await seedSchools(b.db, USERS);
    const sync = process.env.SQLITE_SYNCHRONOUS === "NORMAL" ? "NORMAL" : "FULL";
    const bot = await startChild("bench/servers/bot.ts", { DATABASE_URL: b.url, SQLITE_SYNCHRONOUS: sync });
    let max: Load;
    let fixed: Load;
    let rss: number;
    try {
      await load(bot.port, { seconds: 2, callback: true }); // warm-up
      max = await load(bot.port, { seconds, callback: true });
      fixed = await load(bot.port, { seconds, overallRate: 500, callback: true });
      rss = await bot.rssMb();
    } finally {
      await bot.stop();
    }
    const stored = await b.db.prisma.inboundDedupe.count();
    const floor = (await runChild("bench/servers/floor.ts", {
      DATABASE_URL: b.url,
      BENCH_SECONDS: String(seconds),
      BENCH_USERS: String(USERS),
    })) as { rate: number };
    const bare = await startChild("bench/servers/bare-koa.ts", {});
    let ceiling: Load;
    try {
      ceiling = await load(bare.port, { seconds, callback: false });
    } finally {
      await bare.stop();
    }
    return {
      provider: provider === "sqlite" ? `sqlite (${sync})` : provider,
      "round trip msg/s (50 conn)": max.rate,
      "non-2xx": max.non2xx + fixed.non2xx,
      "errors+timeouts": max.errors + fixed.errors,
      "p50 ms @500/s": fixed.p50,
      "p99 ms @500/s": fixed.p99,
      "floor msg/s": floor.rate,
      "bare Koa req/s": ceiling.rate,
      "round trip / floor": Math.round((max.rate / floor.rate) * 100) / 100,
      "round trip / bare Koa": Math.round((max.rate / ceiling.rate) * 1000) / 1000,
      "messages stored": stored,
      "server RSS MB": rss,
    };
  } finally {
    await b.drop();
  }
}
