/**
 * The WeCom side of a running bot, wired once: the API client, the app
 * transport that sends through it, the outbox worker that hands it messages,
 * and the scheduler that fills the outbox. Used by main (real WeCom), the
 * simulator (its fake WeCom) and the tests (a fake WeCom over HTTP).
 */
import { AibotContacts } from "./aibot/contacts.js";
import { AibotTransport } from "./aibot/transport.js";
import type { WeComDeps } from "./app.js";
import type { Clock } from "./clock.js";
import type { Config, WecomCredentials } from "./config.js";
import type { Db } from "./db/client.js";
import { KindRegistry } from "./kinds/registry.js";
import type { Logger } from "./log.js";
import { OutboxWorker, type WorkerDeps } from "./outbox/worker.js";
import { schedulerFor } from "./schedule/scheduler.js";
import { WeComApi, type WeComApiOptions } from "./wecom/api.js";
import { WeComCrypto } from "./wecom/crypto.js";
import { WeComAppTransport } from "./wecom/transport.js";

export type RuntimeOptions = {
  db: Db;
  config: Config;
  clock: Clock;
  logger?: Logger;
  creds: WecomCredentials;
  /** Where WeCom's API is (WECOM_API_BASE, or a fake WeCom's address). */
  apiBase: string;
  /** Client settings (backoff, timeouts) for a fake WeCom. */
  api?: Partial<Pick<WeComApiOptions, "backoffMs" | "timeoutMs" | "mediaDeadlineMs" | "rateLimitBackoffMs">>;
  worker?: Partial<Pick<WorkerDeps, "pollMs" | "maxAttempts" | "owner" | "leaseMs">>;
  /** Whether the scheduler arms real timers (tests tick it by hand). */
  arm?: boolean;
  /** The report kinds (default: the built-in ones); the scheduler, the bot and the dashboard share them. */
  kinds?: KindRegistry;
};

export type WeComRuntime = Required<Pick<WeComDeps, "crypto" | "api" | "corpId" | "worker" | "scheduler" | "kinds">> & {
  transport: WeComAppTransport;
};

/** Builds the WeCom side and starts its outbox worker; the caller starts the scheduler (main does, after listening). */
export function wecomRuntime(o: RuntimeOptions): WeComRuntime {
  const { db, config, clock, logger, creds } = o;
  const api = new WeComApi({
    baseUrl: o.apiBase,
    corpId: creds.corpId,
    secret: creds.secret,
    agentId: creds.agentId,
    clock,
    ...(logger ? { logger } : {}),
    ...o.api,
  });
  const transport = new WeComAppTransport(api);
  // WeCom documents no errcode for a used or expired response code: log the ones it answers.
  transport.onCardRefused = (errcode) => logger?.warn({ errcode }, "WeCom refused a card update; its words went as text");
  const worker = new OutboxWorker({
    db,
    transport,
    clock,
    ...(logger ? { logger } : {}),
    maxAttempts: config.outboxMaxAttempts,
    ...o.worker,
  });
  worker.start();
  const kinds = o.kinds ?? KindRegistry.builtin();
  const scheduler = schedulerFor(db, config, clock, worker, logger, { arm: o.arm ?? true, kinds });
  return {
    kinds,
    crypto: new WeComCrypto(creds.token, creds.encodingAesKey, creds.corpId),
    api,
    corpId: creds.corpId,
    worker,
    scheduler,
    transport,
  };
}

export type AibotOnlyRuntime = Required<Pick<WeComDeps, "worker" | "scheduler" | "kinds">> & { aibotTransport: AibotTransport };

/**
 * An installation with the intelligent bot and no app (no public address for a callback): the outbox sends
 * through the bot's connection — to the people who have written to it; reminders skip the others and tell the
 * admins — and to group robots through their webhooks (which need no app, so the API client holds no credentials).
 */
export function aibotOnlyRuntime(o: Omit<RuntimeOptions, "creds">): AibotOnlyRuntime {
  const { db, config, clock, logger } = o;
  // Only robot webhooks are called through it: they need no token, so no corp id or secret is given.
  const robotsApi = new WeComApi({
    baseUrl: o.apiBase,
    corpId: "",
    secret: "",
    agentId: "",
    clock,
    ...(logger ? { logger } : {}),
    ...o.api,
  });
  const aibotTransport = new AibotTransport(new WeComAppTransport(robotsApi));
  const worker = new OutboxWorker({
    db,
    transport: aibotTransport,
    clock,
    ...(logger ? { logger } : {}),
    maxAttempts: config.outboxMaxAttempts,
    ...o.worker,
  });
  worker.start();
  const contacts = new AibotContacts(db);
  const kinds = o.kinds ?? KindRegistry.builtin();
  const scheduler = schedulerFor(db, config, clock, worker, logger, {
    arm: o.arm ?? true,
    kinds,
    reachable: (userids) => contacts.reachable(userids),
  });
  return { worker, scheduler, aibotTransport, kinds };
}
