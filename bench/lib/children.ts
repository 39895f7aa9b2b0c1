/** Runs a bench script in its own process and reads the JSON it prints last. */
import { spawn } from "node:child_process";
import path from "node:path";
import { ROOT } from "../../src/db/providers.js";

export type Child = { port: number; stop(): Promise<void>; rssMb(): Promise<number>; pid: number };

/** BENCH_CPU_PROF=<dir>: the servers under load write V8 CPU profiles there (read them with bench/profile-top.ts). */
function profileArgs(): string[] {
  const dir = process.env.BENCH_CPU_PROF;
  return dir ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(dir)}`] : [];
}

/** Starts `script` (a TypeScript file) and waits for a line `{"port": N}`. */
export async function startChild(script: string, env: Record<string, string>): Promise<Child> {
  const child = spawn(process.execPath, [...profileArgs(), "--import", "tsx", path.join(ROOT, script)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "warn", NODE_ENV: "production", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on("data", (d) => {
      out += String(d);
      const m = /"port":(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on("exit", (code) => reject(new Error(`${script} exited ${code}: ${out}`)));
  });
  return {
    port,
    pid: child.pid ?? 0,
    async rssMb() {
      const { readFileSync } = await import("node:fs");
      const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
      return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** Runs `script` to completion and returns the last JSON line it printed. */
export function runChild(script: string, env: Record<string, string>): Promise<Record<string, unknown>> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, script)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "warn", NODE_ENV: "production", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (d) => {
    out += String(d);
  });
  return new Promise((resolve, reject) => {
    child.on("exit", (code) => {
      const last = out
        .trim()
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .at(-1);
      if (code === 0 && last) resolve(JSON.parse(last) as Record<string, unknown>);
      else reject(new Error(`${script} exited ${code}: ${out}`));
    });
  });
}
