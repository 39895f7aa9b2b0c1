/**
 * The callback round trip: encrypted text messages from many users (each a
 * real form step, so the database is written) → reply. Maximum messages/s at
 * 50 connections; then p50/p99 latency at half that maximum, offered open loop;
 * beside it, in the same run, the raw floor (the same work with the driver
 * alone), the data-layer floor (same crypto, parsing and writes through Prisma,
 * no HTTP) and the ceiling (a bare Koa handler).
 */
import autocannon from "autocannon";
import { runChild, startChild } from "./lib/children.js";
import { type CpuShare, cpuMeter, cpuText } from "./lib/cpu-share.js";
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
async function fixedRate(
  port: number,
  rate: number,
  seconds: number,
  steps: Map<string, number>,
): Promise<OpenLoopResult & { cpu: CpuShare | null }> {
  const sender = sealer();
  const requests = Array.from({ length: Math.round(rate * seconds) }, (_, turn) => {
    const user = `bench_p_${turn % USERS}`;
    const step = steps.get(user) ?? 0;
    steps.set(user, step + 1);
    return { method: "POST", ...nextRequest(sender, user, step) };
  });
  let turn = 0;
  const cpu = cpuMeter();
  const result = await openLoop({ port, rate, seconds, connections: 50, next: () => requests[turn++] as (typeof requests)[number] });
  return { ...result, cpu: cpu() };
}

/**
 * The maximum, closed loop at 50 connections: users take turns, each going through the form script.
 * Who speaks and at which step is kept here, not in autocannon's per-connection context: autocannon
 * resets that context each time a connection wraps around its `requests` list — with one request,
 * after every request — so each message would have been a "new" user's first word.
 */
async function load(port: number, opts: { seconds: number; steps?: Map<string, number> }): Promise<Load> {
  const sender = sealer();
  const steps = opts.steps;
  let turn = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: 50,
    duration: opts.seconds,
    requests: [
      steps
        ? {
            method: "POST",
            setupRequest: (req: autocannon.Request) => {
              const user = `bench_p_${turn++ % USERS}`;
              const step = steps.get(user) ?? 0;
              steps.set(user, step + 1);
              const r = nextRequest(sender, user, step);
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

/** The bot under load: one process (bench/servers/bot.ts) or `processes` behind one port (Node's cluster module). */
function startBot(url: string, sync: string, processes: number) {
  const env = { DATABASE_URL: url, SQLITE_SYNCHRONOUS: sync };
  return processes > 1
    ? startChild("bench/servers/bot-cluster.ts", { ...env, BENCH_PROCESSES: String(processes) })
    : startChild("bench/servers/bot.ts", env);
}

type RoundTrip = { max: Load & { cpu: CpuShare | null }; fixed: OpenLoopResult & { cpu: CpuShare | null }; rss: number };

/** Warm-up, the maximum (closed loop), rest, then latency at half that maximum (open loop). */
async function roundTrip(url: string, sync: string, processes: number, seconds: number, steps: Map<string, number>): Promise<RoundTrip> {
  const bot = await startBot(url, sync, processes);
  try {
    await load(bot.port, { seconds: 2, steps }); // warm-up
    // Every one of the users sends a first message (who they are read, a form started) at a steady rate first:
    // 2,000 of those in the first seconds are a burst, not the steady state.
    await fixedRate(bot.port, 500, USERS / 500, steps);
    const maxCpu = cpuMeter();
    const max = { ...(await load(bot.port, { seconds, steps })), cpu: maxCpu() };
    // Right after a saturating run the database is still catching up (PostgreSQL's autovacuum and
    // checkpoint, for some seconds): let it, or that would be measured instead of steady latency.
    await new Promise((r) => setTimeout(r, 10_000));
    // The offered rate is half the maximum just measured, in this run (machines differ 2–4×). A shorter
    // probe before the latency window had come out at 0.6–0.7 of the 10 s maximum, so it offered less.
    const fixed = await fixedRate(bot.port, Math.max(50, Math.round(max.rate / 2)), seconds, steps);
    return { max, fixed, rss: await bot.rssMb() };
  } finally {
    await bot.stop();
  }
}

const ratio = (a: number, b: number, digits = 100) => Math.round((a / b) * digits) / digits;

export async function callbackBench(provider: "sqlite" | "postgresql", seconds = 10): Promise<Record<string, number | string>> {
  const b = await benchDatabase(provider);
  try {
    await seedSchools(b.db, USERS);
    const sync = process.env.SQLITE_SYNCHRONOUS === "NORMAL" ? "NORMAL" : "FULL";
    const { max, fixed, rss } = await roundTrip(b.url, sync, 1, seconds, new Map());
    const stored = await b.db.prisma.inboundDedupe.count();
    const floorEnv = { DATABASE_URL: b.url, BENCH_SECONDS: String(seconds), BENCH_USERS: String(USERS), SQLITE_SYNCHRONOUS: sync };
    const floorRun = async (read: boolean) =>
      (await runChild("bench/servers/floor.ts", { ...floorEnv, BENCH_FLOOR_READ: read ? "1" : "0" })) as { rate: number };
    const floor = await floorRun(false);
    const floorRead = await floorRun(true);
    const raw = (await runChild("bench/servers/raw-floor.ts", floorEnv)) as { rate: number };
    const bare = await startChild("bench/servers/bare-koa.ts", {});
    let ceiling: Load;
    try {
      ceiling = await load(bare.port, { seconds });
    } finally {
      await bare.stop();
    }
    return {
      provider: provider === "sqlite" ? `sqlite (${sync})` : provider,
      "round trip msg/s (50 conn)": max.rate,
      "non-2xx or errors": max.non2xx + max.errors + fixed.failed,
      "offered msg/s (half the max)": fixed.rate,
      "p50 ms @half max (open loop)": fixed.p50,
      "p99 ms @half max (open loop)": fixed.p99,
      "max ms @half max": fixed.max,
      "CPU busy / steal % at max": cpuText(max.cpu),
      "CPU busy / steal % @half max": cpuText(fixed.cpu),
      "raw floor msg/s (driver alone)": raw.rate,
      "floor msg/s (data layer: writes)": floor.rate,
      "floor msg/s (data layer: writes + state read)": floorRead.rate,
      "bare Koa req/s": ceiling.rate,
      "round trip / raw floor": ratio(max.rate, raw.rate),
      "data-layer floor (with read) / raw floor": ratio(floorRead.rate, raw.rate),
      "round trip / floor with read": ratio(max.rate, floorRead.rate),
      "round trip / bare Koa": ratio(max.rate, ceiling.rate, 1000),
      "messages stored": stored,
      "server RSS MB": rss,
    };
  } finally {
    await b.drop();
  }
}

/** Two bot processes behind one port on one PostgreSQL database, beside one process in the same run. */
export async function callbackTwoProcessBench(seconds = 10): Promise<Record<string, number | string>> {
  const b = await benchDatabase("postgresql");
  try {
    await seedSchools(b.db, USERS);
    const steps = new Map<string, number>();
    const one = await roundTrip(b.url, "FULL", 1, seconds, steps);
    const two = await roundTrip(b.url, "FULL", 2, seconds, steps);
    return {
      provider: "postgresql",
      "1 process: msg/s (50 conn)": one.max.rate,
      "1 process: p99 ms @half its max": one.fixed.p99,
      "2 processes: msg/s (50 conn)": two.max.rate,
      "2 processes: offered msg/s (half)": two.fixed.rate,
      "2 processes: p50 / p99 ms @half": `${two.fixed.p50} / ${two.fixed.p99}`,
      "1 process: CPU busy / steal % at max, @half": `${cpuText(one.max.cpu)}, ${cpuText(one.fixed.cpu)}`,
      "2 processes: CPU busy / steal % at max, @half": `${cpuText(two.max.cpu)}, ${cpuText(two.fixed.cpu)}`,
      "2 processes / 1 process": ratio(two.max.rate, one.max.rate),
      "non-2xx or errors": one.max.non2xx + one.max.errors + two.max.non2xx + two.max.errors + one.fixed.failed + two.fixed.failed,
      "messages stored": await b.db.prisma.inboundDedupe.count(),
    };
  } finally {
    await b.drop();
  }
}
