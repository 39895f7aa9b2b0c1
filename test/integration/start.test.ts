import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { databaseWhere, providerOf } from "../../src/db/providers.js";
import { importRoster } from "../../src/roster/import-roster.js";
import { FakeAibot } from "../../src/sim/fake-aibot.js";
import { CREDS } from "../support/creds.js";
import { emptyDatabaseUrl, freshDatabaseUrl } from "../support/db.js";
import { runMain, type Started, startMain } from "../support/process.js";
import { eventually } from "../support/wecom-harness.js";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function start(env: Record<string, string>): Promise<Started & { dbUrl: string }> {
  const { url: dbUrl, remove } = await emptyDatabaseUrl();
  cleanups.push(remove);
  const s = await startMain({ DATABASE_URL: dbUrl, ...env });
  cleanups.push(async () => {
    if (s.child.exitCode === null) {
      s.child.kill("SIGKILL");
      await s.exited;
    }
  });
  return { ...s, dbUrl };
}

async function counts(url: string) {
  const db = await openDatabase(url);
  try {
    return { plans: await db.prisma.plan.count(), targets: await db.prisma.planTarget.count(), people: await db.prisma.person.count() };
  } finally {
    await db.close();
  }
}

describe("starting the service", () => {
  it("migrates an empty database, loads the plan and the demo roster, serves health, and stops on SIGTERM", async () => {
    const s = await start({});
    const ready = await fetch(`${s.url}/readyz`);
    expect(ready.status).toBe(200);
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    s.child.kill("SIGTERM");
    expect(await s.exited).toBe(0);
    const c = await counts(s.dbUrl);
    expect(c.plans).toBe(1);
    expect(c.targets).toBeGreaterThan(40);
    expect(c.people).toBeGreaterThan(20);
  });

  it("listens on 127.0.0.1 when it runs the simulator and HOST is not set", async () => {
    const s = await start({ HOST: "" });
    expect(s.stdout()).toContain('"host":"127.0.0.1"');
    s.child.kill("SIGTERM");
    expect(await s.exited).toBe(0);
  });

  it("refuses to start the simulator on a database that holds a real roster, and says to set the credentials or use another DATABASE_URL", async () => {
    const { url, remove } = await freshDatabaseUrl();
    cleanups.push(remove);
    const db = await openDatabase(url);
    await importRoster(db.prisma, path.join(import.meta.dirname, "..", "fixtures", "roster-good.csv"));
    await db.close();
    const run = runMain({ DATABASE_URL: url });
    expect(await run.exited).toBe(78);
    const err = run.stderr().trim();
    expect(err).toContain("真实名册");
    expect(err).toContain("WECOM_CORP_ID");
    expect(err).toContain("DATABASE_URL");
    expect(run.stdout()).not.toContain("listening");
  });

  it("in production without credentials warns that no WeCom transport is configured", async () => {
    const s = await start({ NODE_ENV: "production" });
    expect(s.stdout()).toContain("no WeCom transport is configured");
    s.child.kill("SIGTERM");
    expect(await s.exited).toBe(0);
  });

  it("in production loads the plan and no demo people", async () => {
    const s = await start({ NODE_ENV: "production" });
    expect((await fetch(`${s.url}/readyz`)).status).toBe(200);
    s.child.kill("SIGTERM");
    expect(await s.exited).toBe(0);
    expect(await counts(s.dbUrl)).toMatchObject({ plans: 1, people: 0 });
  });

  it("names the database file it uses in the start log, and in production on SQLite warns when it is outside a declared DATA_DIR", async () => {
    const s = await start({ NODE_ENV: "production" });
    s.child.kill("SIGTERM");
    expect(await s.exited).toBe(0);
    const sqlite = providerOf(s.dbUrl) === "sqlite";
    expect(s.stdout()).toContain(`"databaseAt":"${databaseWhere(s.dbUrl)}"`);
    expect(s.stdout().includes("outside a declared data directory")).toBe(sqlite);
    if (!sqlite) return;
    // The same file inside the DATA_DIR the deployment declares: no warning.
    const declared = await startMain({ NODE_ENV: "production", DATABASE_URL: s.dbUrl, DATA_DIR: path.dirname(databaseWhere(s.dbUrl)) });
    declared.child.kill("SIGTERM");
    expect(await declared.exited).toBe(0);
    expect(declared.stdout()).not.toContain("outside a declared data directory");
  });

  it("with WeCom credentials loads no demo people, and never logs the secrets", async () => {
    const s = await start({ ...CREDS, WECOM_API_BASE: "http://127.0.0.1:9" });
    expect((await fetch(`${s.url}/readyz`)).status).toBe(200);
    s.child.kill("SIGTERM");
    expect(await s.exited).toBe(0);
    expect(await counts(s.dbUrl)).toMatchObject({ plans: 1, people: 0 });
    const logs = s.stdout() + s.stderr();
    for (const secret of [CREDS.WECOM_SECRET, CREDS.WECOM_TOKEN, CREDS.WECOM_ENCODING_AES_KEY]) expect(logs).not.toContain(secret);
  });

  it("with only the intelligent bot holds its long connection, runs no simulator, and never logs its secret", async () => {
    const fake = new FakeAibot({ botId: "bot-start-1", secret: "q".repeat(40) });
    cleanups.push(() => fake.close());
    const s = await start({ WECOM_BOT_ID: "bot-start-1", WECOM_BOT_SECRET: "q".repeat(40), WECOM_BOT_WS_URL: await fake.url() });
    await eventually(() => fake.live, 10_000);
    await eventually(async () => ((await (await fetch(`${s.url}/readyz`)).json()) as { aibot?: string }).aibot === "authenticated", 10_000);
    expect((await fetch(`${s.url}/sim`)).status).toBe(404);
    s.child.kill("SIGTERM");
    expect(await s.exited).toBe(0);
    expect(await counts(s.dbUrl)).toMatchObject({ plans: 1, people: 0 });
    expect(s.stdout() + s.stderr()).not.toContain("q".repeat(40));
  });

  it("refuses a partial configuration with one line naming what is missing, no stack trace, no secret", async () => {
    const run = runMain({
      WECOM_CORP_ID: CREDS.WECOM_CORP_ID,
      WECOM_SECRET: CREDS.WECOM_SECRET,
      WECOM_TOKEN: CREDS.WECOM_TOKEN,
      PORT: "http",
    });
    expect(await run.exited).toBe(78);
    const err = run.stderr().trim();
    expect(err.split("\n")).toHaveLength(1);
    expect(err).toContain("WECOM_AGENT_ID");
    expect(err).toContain("WECOM_ENCODING_AES_KEY");
    expect(err).toContain("PORT");
    expect(err).not.toContain(CREDS.WECOM_SECRET);
    expect(err).not.toMatch(/\bat .*\.ts:\d+/);
    expect(run.stdout()).toBe("");
  });
});
