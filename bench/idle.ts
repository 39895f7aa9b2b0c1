/** Start-up to /readyz on an existing database with no pending migration, and idle RSS. */
import { spawn } from "node:child_process";
import path from "node:path";
import { ROOT } from "../src/db/providers.js";
import { benchDatabase, seedSchools } from "./lib/data.js";

async function startOnce(url: string): Promise<{ readyMs: number; idleRssMb: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "src", "main.ts")], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", LOG_LEVEL: "info", PORT: "0", HOST: "127.0.0.1", DATABASE_URL: url },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (d) => {
    out += String(d);
  });
  let port = 0;
  for (;;) {
    const m = /"port":(\d+)/.exec(out);
    if (m) port = Number(m[1]);
    if (port) {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null);
      if (res?.status === 200) break;
    }
    if (child.exitCode !== null) throw new Error(`main exited: ${out}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  const readyMs = Math.round(performance.now() - t0);
  await new Promise((r) => setTimeout(r, 3000));
  const { readFileSync } = await import("node:fs");
  const idleRssMb = Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1] ?? 0) / 1024);
  await new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
  return { readyMs, idleRssMb };
}

export async function idleBench(): Promise<Record<string, number | string>[]> {
  const b = await benchDatabase("sqlite");
  try {
    await seedSchools(b.db, 2000);
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await startOnce(b.url));
    return runs.map((r, i) => ({ run: i + 1, "start to /readyz ms": r.readyMs, "idle RSS MB": r.idleRssMb }));
  } finally {
    await b.drop();
  }
}
