/**
 * Runs the real entry point (src/main.ts) as a child process, the way
 * `npm start` does, and reads the port from its "listening" log line.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { ROOT } from "../../src/db/providers.js";

export type Started = { child: ChildProcess; url: string; stdout: () => string; stderr: () => string; exited: Promise<number | null> };

export function runMain(env: Record<string, string>): {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "src", "main.ts")], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "info", PORT: "0", HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout?.on("data", (d) => {
    out += String(d);
  });
  child.stderr?.on("data", (d) => {
    err += String(d);
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

export async function startMain(env: Record<string, string>, timeoutMs = 20_000): Promise<Started> {
  const run = runMain(env);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const m = /"port":(\d+)[^\n]*listening/.exec(run.stdout());
    if (m) return { ...run, url: `http://127.0.0.1:${m[1]}` };
    if (run.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  run.child.kill("SIGKILL");
  throw new Error(`main did not start:\n${run.stdout()}\n${run.stderr()}`);
}
