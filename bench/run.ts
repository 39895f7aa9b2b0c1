/**
 * npm run bench            all benchmarks
 * npm run bench -- <name>  one of: crypto, idle, fanout, digest, export, dashboard, callback-sqlite, callback-postgresql, callback-postgresql-2p
 * Results are printed as tables; bench/README.md keeps the latest with the machine they ran on.
 */
import os from "node:os";
import { callbackBench, callbackTwoProcessBench } from "./callback.js";
import { cryptoBench } from "./crypto.js";
import { dashboardBench } from "./dashboard.js";
import { digestBench } from "./digest.js";
import { exportBench } from "./export.js";
import { fanoutBench } from "./fanout.js";
import { idleBench } from "./idle.js";

const ALL: Record<string, () => Promise<unknown>> = {
  crypto: cryptoBench,
  idle: idleBench,
  fanout: () => fanoutBench(20_000),
  digest: () => digestBench([150, 2000, 20_000]),
  export: () => exportBench(20_000),
  dashboard: () => dashboardBench([2000, 20_000]),
  "callback-sqlite": () => callbackBench("sqlite"),
  "callback-postgresql": () => callbackBench("postgresql"),
  "callback-postgresql-2p": () => callbackTwoProcessBench(),
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !(w in ALL));
if (unknown.length) {
  console.error(`unknown benchmark: ${unknown.join(", ")}; choose from ${Object.keys(ALL).join(", ")}`);
  process.exit(2);
}
console.log(
  `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
);
for (const name of wanted.length ? wanted : Object.keys(ALL)) {
  const t0 = performance.now();
  const result = await (ALL[name] as () => Promise<unknown>)();
  console.log(`\n## ${name} (${Math.round((performance.now() - t0) / 1000)} s)`);
  console.table(result);
}
