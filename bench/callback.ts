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
import { type OpenLoopResult, openLoop } from "./lib/open-loop.js";

const USERS = 2000;

type Load = { rate: number; non2xx: number; errors: number; total: number };

/**
 * The fixed offered rate, open loop: users take turns, each going through the form script. The
 * requests are encrypted and signed before the clock starts, so the load generator, which shares the
 * machine's two cores with the bot, does as little as it can while it measures.
 */
function fixedRate(port: number, rate: number, seconds: number, steps: Map<string, number>): Promise<OpenLoopResult> {
  const sender = sealer();
  const requests = Array.from({ length: Math.round(rate * seconds) }, (_, turn) => {
    const user = `bench_p_${turn % USERS}`;
    const step = steps.get(user) ?? 0;
    steps.set(user, step + 1);
    return { method: "POST", ...nextRequest(sender, user, step) };
  });
  let turn = 0;
  return openLoop({ port, rate, seconds, connections: 50, next: () => requests[turn++] as (typeof requests)[number] });
}

async function load(port: number, opts: { seconds: number; callback: boolean }): Promise<Load> {
  const sender = sealer();
  let nextUser = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: 50,
    duration: opts.seconds,
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
    let fixed: OpenLoopResult;
    let rss: number;
    try {
      await load(bot.port, { seconds: 2, callback: true }); // warm-up
      // Latency at a steady offered rate first: right after the saturating run, the database is still
      // catching up (PostgreSQL's autovacuum and checkpoint after ~10,000 updates) and that would be
      // measured instead. Warmed up at the same rate until every user has sent a message: a person's
      // first message of the day reads who they are and starts a form (five more queries), and 2,000
      // of those in the first 4 s are a burst, not the steady state.
      const steps = new Map<string, number>();
      await fixedRate(bot.port, 500, USERS / 500, steps);
      fixed = await fixedRate(bot.port, 500, seconds, steps);
      max = await load(bot.port, { seconds, callback: true });
      rss = await bot.rssMb();
    } finally {
      await bot.stop();
    }
    const stored = await b.db.prisma.inboundDedupe.count();
    const floorRun = async (read: boolean) =>
      (await runChild("bench/servers/floor.ts", {
        DATABASE_URL: b.url,
        BENCH_SECONDS: String(seconds),
        BENCH_USERS: String(USERS),
        BENCH_FLOOR_READ: read ? "1" : "0",
        SQLITE_SYNCHRONOUS: sync,
      })) as { rate: number };
    const floor = await floorRun(false);
    const floorRead = await floorRun(true);
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
      "non-2xx or errors": max.non2xx + max.errors + fixed.failed,
      "p50 ms @500/s (open loop)": fixed.p50,
      "p99 ms @500/s (open loop)": fixed.p99,
      "max ms @500/s": fixed.max,
      "floor msg/s (writes)": floor.rate,
      "floor msg/s (writes + state read)": floorRead.rate,
      "bare Koa req/s": ceiling.rate,
      "round trip / floor": Math.round((max.rate / floor.rate) * 100) / 100,
      "round trip / floor with read": Math.round((max.rate / floorRead.rate) * 100) / 100,
      "round trip / bare Koa": Math.round((max.rate / ceiling.rate) * 1000) / 1000,
      "messages stored": stored,
      "server RSS MB": rss,
    };
  } finally {
    await b.drop();
  }
}
