/**
 * A PostgreSQL server of the soak run's own — its own data directory and
 * port — so it can be stopped and started without touching the machine's.
 * initdb refuses to run as root: as root, every step runs as the postgres user.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

function pgBin(name: string): string {
  for (const v of ["17", "16", "15", "14", "13"]) {
    const p = `/usr/lib/postgresql/${v}/bin/${name}`;
    if (existsSync(p)) return p;
  }
  return name;
}

export class OwnPostgres {
  readonly dir: string;
  readonly data: string;

  constructor(readonly port: number) {
    this.dir = mkdtempSync(path.join(os.tmpdir(), "soak-pg-"));
    this.data = path.join(this.dir, "data");
  }

  #run(bin: string, args: string[]): void {
    const asRoot = process.getuid?.() === 0;
    if (asRoot) execFileSync("runuser", ["-u", "postgres", "--", pgBin(bin), ...args], { stdio: "pipe" });
    else execFileSync(pgBin(bin), args, { stdio: "pipe" });
  }

  get url(): string {
    return `postgresql://postgres@127.0.0.1:${this.port}/soak`;
  }

  async init(): Promise<void> {
    if (process.getuid?.() === 0) {
      const pw = execFileSync("id", ["-u", "postgres"]).toString().trim();
      const gid = execFileSync("id", ["-g", "postgres"]).toString().trim();
      chownSync(this.dir, Number(pw), Number(gid));
      chmodSync(this.dir, 0o700);
    }
    this.#run("initdb", ["-D", this.data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"]);
    this.start();
    const c = new pg.Client({ connectionString: `postgresql://postgres@127.0.0.1:${this.port}/postgres` });
    await c.connect();
    await c.query("CREATE DATABASE soak");
    await c.end();
  }

  start(): void {
    this.#run("pg_ctl", [
      "-D",
      this.data,
      "-o",
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1`,
      "-l",
      path.join(this.dir, "server.log"),
      "-w",
      "start",
    ]);
  }

  /** Stops the server at once (fast shutdown: open connections are cut). */
  stop(): void {
    this.#run("pg_ctl", ["-D", this.data, "-m", "fast", "-w", "stop"]);
  }

  remove(): void {
    try {
      this.stop();
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
