/**
 * The soak run's outside world: a fake WeCom served over HTTP by this process
 * (so it outlives every crash of the bot), a roster of schools, and the bot
 * itself as a child process started the way production starts it
 * (src/main.ts with the environment), whose logs are all kept.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrate.js";
import { ROOT } from "../../src/db/providers.js";
import { importRoster } from "../../src/roster/import-roster.js";
import { FakeWeCom } from "../../src/sim/fake-wecom.js";

export const SOAK_CORP = {
  corpId: "wwsoakcorp00000001",
  agentId: "1000002",
  secret: "soak-secret-must-never-be-logged-0123",
  token: "SoakToken77",
  encodingAesKey: "kWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2D",
};
export const ROBOT_KEY = "soak-robot-key-0123456789";

export type Fake = { fake: FakeWeCom; url: string; close(): Promise<void> };

export async function startFake(): Promise<Fake> {
  const fake = new FakeWeCom({
    corpId: SOAK_CORP.corpId,
    secret: SOAK_CORP.secret,
    agentId: SOAK_CORP.agentId,
    robots: { [ROBOT_KEY]: "安全群" },
  });
  const server = http.createServer(fake.app.callback());
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    fake,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

export function scratchDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "soak-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export const principal = (i: number) => `soak_p_${i}`;

/** Migrates the database and imports `schools` schools, each with one principal. */
export async function prepareDatabase(url: string, dir: string, schools: number): Promise<void> {
  await migrate(url);
  const lines = ["userid,name,mobile,unit_code,unit_name,unit_kind,township,roles,schools,rural"];
  for (let i = 0; i < schools; i++) lines.push(`${principal(i)},校长${i},,S${i},第${i}小学,小学,溧城街道,principal,,否`);
  const file = path.join(dir, "roster.csv");
  writeFileSync(file, `${lines.join("\n")}\n`);
  const db = await openDatabase(url);
  try {
    await importRoster(db.prisma, file);
  } finally {
    await db.close();
  }
}

export async function freePort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** The bot as a child process on a fixed port; restartable; every line it logs is kept. */
export class BotProcess {
  #child: ChildProcess | null = null;
  #logs: string[] = [];
  readonly url: string;

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  get logs(): string {
    return this.#logs.join("");
  }

  async start(): Promise<number> {
    const t0 = performance.now();
    const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "src", "main.ts")], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? "",
        NODE_ENV: "production",
        LOG_LEVEL: "info",
        HOST: "127.0.0.1",
        PORT: String(this.port),
        QUIET_HOURS: "off",
        WECOM_CORP_ID: SOAK_CORP.corpId,
        WECOM_AGENT_ID: SOAK_CORP.agentId,
        WECOM_SECRET: SOAK_CORP.secret,
        WECOM_TOKEN: SOAK_CORP.token,
        WECOM_ENCODING_AES_KEY: SOAK_CORP.encodingAesKey,
        ...this.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.#child = child;
    child.stdout?.on("data", (d) => this.#logs.push(String(d)));
    child.stderr?.on("data", (d) => this.#logs.push(String(d)));
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`the bot exited at start:\n${this.logs.slice(-3000)}`);
      try {
        if ((await fetch(`${this.url}/healthz`)).status === 200) return performance.now() - t0;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error("the bot did not start within 30 s");
  }

  /** SIGKILL: no shutdown, no flushing — a power cut as far as the process knows. */
  async kill(): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null) return;
    const gone = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await gone;
  }

  async stop(): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null) return;
    const gone = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await gone;
  }
}
