/**
 * The bot's app with the WeCom transport, a fake WeCom for the outside world,
 * and a sender that plays WeCom's callbacks — all over real HTTP, on a fresh
 * database with a small roster.
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import type { AibotConnection } from "../../src/aibot/connection.js";
import { type AppDeps, createApp } from "../../src/app.js";
import { type Clock, systemClock } from "../../src/clock.js";
import { loadConfig } from "../../src/config.js";
import type { KindRegistry } from "../../src/kinds/registry.js";
import { importRoster } from "../../src/roster/import-roster.js";
import { aibotOnlyRuntime, wecomRuntime } from "../../src/runtime.js";
import { CallbackSender } from "../../src/sim/callback-sender.js";
import { FakeWeCom } from "../../src/sim/fake-wecom.js";
import type { WeComApi } from "../../src/wecom/api.js";
import type { WeComCrypto } from "../../src/wecom/crypto.js";
import { CALLBACK_PATH } from "../../src/wecom/receiver.js";
import { freshDatabase, type TestDatabase } from "./db.js";
import { serve } from "./http.js";
import { memoryLogger } from "./log.js";

export const TEST_CORP = {
  corpId: "wwtestcorp00000001",
  agentId: "1000002",
  secret: "test-secret-never-logged-0123456789",
  token: "TestToken42",
  encodingAesKey: randomBytes(32).toString("base64").slice(0, 43),
};

export type Harness = Awaited<ReturnType<typeof wecomHarness>>;

export async function wecomHarness(
  opts: {
    clock?: Clock;
    passiveReplyBudgetMs?: number;
    wecom?: Partial<NonNullable<AppDeps["wecom"]>>;
    /** More environment for the app's configuration (e.g. METRICS_ENABLED). */
    env?: Record<string, string>;
    /** No WeCom app: only the intelligent bot (give WECOM_BOT_ID in `env`), which also sends everything. */
    appless?: boolean;
    /** Origins the intelligent bot's images may come from besides WeCom's (a fake's). */
    aibotMediaOrigins?: string[];
    /** The report kinds the runtime, the bot and the dashboard share (default: the built-in ones). */
    kinds?: KindRegistry;
  } = {},
) {
  const clock = opts.clock ?? systemClock;
  const db: TestDatabase = await freshDatabase();
  await importRoster(db.prisma, path.join(import.meta.dirname, "..", "fixtures", "roster-good.csv"));
  const fake = new FakeWeCom({
    corpId: TEST_CORP.corpId,
    secret: TEST_CORP.secret,
    agentId: TEST_CORP.agentId,
    clock,
    robots: { "robot-key-1": "安全群" },
  });
  const fakeServer = await serve(fake.app);
  const log = memoryLogger();
  const config = loadConfig({
    DATABASE_URL: db.url,
    ...(opts.appless
      ? {}
      : {
          WECOM_CORP_ID: TEST_CORP.corpId,
          WECOM_AGENT_ID: TEST_CORP.agentId,
          WECOM_SECRET: TEST_CORP.secret,
          WECOM_TOKEN: TEST_CORP.token,
          WECOM_ENCODING_AES_KEY: TEST_CORP.encodingAesKey,
        }),
    WECOM_API_BASE: fakeServer.url,
    PASSIVE_REPLY_BUDGET_MS: String(opts.passiveReplyBudgetMs ?? 3000),
    ...opts.env,
  });
  // The worker polls on real time; the injected clock decides what is due. The scheduler arms no real
  // timers in tests: they call scheduler.tick() after moving the clock.
  const shared = {
    db: db.prisma,
    config,
    clock,
    logger: log.logger,
    apiBase: fakeServer.url,
    api: { backoffMs: 10, mediaDeadlineMs: 1_500 },
    worker: { maxAttempts: 8, pollMs: 50 },
    arm: false,
    ...(opts.kinds ? { kinds: opts.kinds } : {}),
  };
  const runtime = opts.appless ? null : wecomRuntime({ ...shared, creds: TEST_CORP });
  const only = opts.appless ? aibotOnlyRuntime(shared) : null;
  // An appless harness has neither: its tests never use them (they would fail loudly on undefined).
  const crypto = runtime?.crypto as WeComCrypto;
  const api = runtime?.api as WeComApi;
  const { worker, scheduler, kinds } = (runtime ?? only) as NonNullable<typeof only>;
  const wecomDeps = runtime
    ? { crypto: runtime.crypto, api: runtime.api, corpId: TEST_CORP.corpId, worker, scheduler, kinds }
    : { worker, scheduler, kinds, aibotTransport: only?.aibotTransport };
  let aibot: AibotConnection | null = null;
  const app = createApp({
    config,
    db,
    logger: log.logger,
    clock,
    ...(opts.aibotMediaOrigins ? { aibotMediaOrigins: opts.aibotMediaOrigins } : {}),
    wecom: { ...wecomDeps, ...opts.wecom },
    aibot: (c) => {
      aibot = c;
      c.start();
    },
  });
  const appServer = await serve(app);
  const sender = new CallbackSender({ url: `${appServer.url}${CALLBACK_PATH}`, ...TEST_CORP, clock });
  return {
    db,
    fake,
    api,
    sender,
    log,
    crypto,
    worker,
    scheduler,
    /** The report kinds the runtime, the bot and the dashboard share. */
    kinds,
    /** What createApp needs to serve a second instance over the same database. */
    wecomDeps,
    url: appServer.url,
    fakeUrl: fakeServer.url,
    callbackUrl: `${appServer.url}${CALLBACK_PATH}`,
    /** The intelligent bot's long connection, when WECOM_BOT_ID was given (started). */
    get aibot(): AibotConnection | null {
      return aibot;
    },
    async close() {
      await (aibot as AibotConnection | null)?.stop();
      await worker.stop();
      await appServer.close();
      await fakeServer.close();
      await db.drop();
    },
  };
}

/** Waits until `check` passes (real time), for replies sent after the HTTP answer. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}
