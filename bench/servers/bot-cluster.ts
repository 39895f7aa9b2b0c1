/**
 * BENCH_PROCESSES bot processes behind one port, as an operator would run them with Node's cluster module:
 * the primary picks the port and forks the workers (each the whole bot, bench/servers/bot.ts's setup, on the
 * one database); the primary hands out connections round-robin. Prints {"port"} once every worker listens.
 */
import cluster from "node:cluster";
import http from "node:http";
import type { AddressInfo } from "node:net";

if (cluster.isPrimary) {
  const n = Number(process.env.BENCH_PROCESSES ?? 2);
  const probe = http.createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  cluster.setupPrimary({ execArgv: [...process.execArgv], silent: false });
  let ready = 0;
  for (let i = 0; i < n; i++) {
    const w = cluster.fork({ ...process.env, BENCH_CLUSTER_PORT: String(port) });
    w.on("message", (m: unknown) => {
      if ((m as { ready?: boolean }).ready && ++ready === n) console.log(JSON.stringify({ port }));
    });
  }
  process.on("SIGTERM", () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGTERM");
    let left = n;
    cluster.on("exit", () => --left === 0 && process.exit(0));
  });
} else {
  const { startBenchBot } = await import("../lib/bench-bot.js");
  const running = await startBenchBot(process.env.BENCH_CLUSTER_PORT ?? "0");
  process.send?.({ ready: true });
  process.on("SIGTERM", () => {
    void running.stop().then(() => process.exit(0));
  });
}
