/**
 * createApp(deps): the Koa app, without listening. Tests drive it directly;
 * main.ts gives it a server.
 */
import Koa from "koa";
import { aibotTexts } from "../templates/aibot.js";
import { AibotConnection } from "./aibot/connection.js";
import { AibotContacts } from "./aibot/contacts.js";
import { AibotImages } from "./aibot/media.js";
import type { AibotTransport } from "./aibot/transport.js";
import { createBot } from "./bot/bot.js";
import { DeliveryLedger } from "./chat/dedupe.js";
import type { EventHandler, LateReplySender } from "./chat/deliver.js";
import { type Clock, systemClock } from "./clock.js";
import type { Config } from "./config.js";
import type { Database } from "./db/client.js";
import { DbLease } from "./db/lease.js";
import { errorHandler } from "./http/errors.js";
import { healthRoutes } from "./http/health.js";
import { createMetrics } from "./http/metrics.js";
import { requestLog } from "./http/request-log.js";
import type { AppState } from "./http/state.js";
import { KindRegistry } from "./kinds/registry.js";
import type { Logger } from "./log.js";
import { enqueue, fromReply } from "./outbox/enqueue.js";
import { outboxLateReplies } from "./outbox/late-replies.js";
import { adminUserids, toPurposeOrAdmins } from "./outbox/targets.js";
import type { OutboxWorker } from "./outbox/worker.js";
import type { Scheduler } from "./schedule/scheduler.js";
import { dashboardRoutes } from "./web/routes.js";
import type { WeComApi } from "./wecom/api.js";
import type { WeComCrypto } from "./wecom/crypto.js";
import { callbackRoutes } from "./wecom/receiver.js";
import { HeavyWork } from "./work/heavy-work.js";

export type WeComDeps = {
  /** The app's callback crypto, API client and corp: absent in an installation with only the intelligent bot. */
  crypto?: WeComCrypto;
  api?: WeComApi;
  corpId?: string;
  /** With no app, the outbox sends through the intelligent bot: its connection is attached once built. */
  aibotTransport?: AibotTransport;
  /** Sends everything but passive replies. */
  worker: OutboxWorker;
  /** Fires reminders and digests (started by main). */
  scheduler?: Scheduler;
  /** The report kinds the scheduler uses (the runtime's): the bot and the dashboard use the same instance. */
  kinds?: KindRegistry;
  /** Replaces the bot (tests). */
  handle?: EventHandler;
  /** Replaces the late-reply path (tests). */
  sendLate?: LateReplySender;
  /** How long a sender's roster record is reused (default IDENTITY_TTL_MS; tests that edit roles in place shorten it). */
  identityTtlMs?: number;
};

export type AppDeps = {
  config: Config;
  db: Database;
  logger: Logger;
  clock?: Clock;
  /** The WeCom transport; absent when no WeCom (real or fake) is configured. */
  wecom?: WeComDeps;
  /** The simulator only: a dashboard login code for a roster person (the fake WeCom's). */
  simLogin?: (userid: string) => string;
  /** The heavy work (dashboard pages, exports) in worker threads (main); absent: in this process (tests). */
  heavy?: HeavyWork;
  /** Origins the intelligent bot's images may also come from (the simulator's and the tests' fake server): never set in production. */
  aibotMediaOrigins?: readonly string[];
  /** Given the intelligent bot's long connection (when WECOM_BOT_ID is set), built over the same bot: the caller starts and stops it. */
  aibot?: (connection: AibotConnection) => void;
};

/** What the intelligent bot answers in a group chat (docs/DESIGN.md: `@机器人 <command>`): the bureau's read-only commands. */
const GROUP_COMMANDS = new Set(["summary", "missing", "help"]);
/** Exports allowed to wait for their turn across the process (one builds at a time); one more is told to come back. */
const EXPORTS_WAITING_MAX = 20;

/** How long the intelligent bot's connection lease lasts unrenewed (renewed every third of it). */
export const AIBOT_LEASE_MS = 30_000;

export function createApp(deps: AppDeps): Koa<AppState> {
  const app = new Koa<AppState>();
  app.proxy = true;
  // Errors are answered by errorHandler; Koa's default printer would log them twice.
  app.silent = true;
  app.use(requestLog(deps.logger));
  const metrics = deps.config.metricsEnabled
    ? createMetrics(
        {
          db: deps.db.prisma,
          ...(deps.wecom ? { outbox: deps.wecom.worker } : {}),
          ...(deps.wecom?.api ? { api: deps.wecom.api } : {}),
          ...(deps.wecom?.scheduler ? { scheduler: deps.wecom.scheduler } : {}),
        },
        deps.config.metricsToken ? { token: deps.config.metricsToken } : {},
      )
    : null;
  // Outside the error handler, so that it counts the status the error handler chose.
  if (metrics) app.use(metrics.record);
  app.use(errorHandler());
  let aibot: AibotConnection | null = null;
  const aibotImages = new AibotImages({ trusted: deps.aibotMediaOrigins ?? [] });
  const health = healthRoutes(deps.db, new Date(), () => aibot?.state ?? null);
  app.use(health.routes());
  app.use(health.allowedMethods());
  if (metrics) app.use(metrics.routes().routes());
  if (deps.wecom) {
    const { api, worker } = deps.wecom;
    const db = deps.db.prisma;
    const clock = deps.clock ?? systemClock;
    const tz = deps.config.timezone;
    // The report kinds: the runtime's (its scheduler's), so the bot, the scheduler and the dashboard see the same.
    const kinds = deps.wecom.kinds ?? KindRegistry.builtin();
    // The dashboard's pages and the exports (chat and dashboard alike), each in a line of its own, off the event
    // loop when threads are given (main): however many officers reload or export, WeCom's callbacks keep their turn.
    const heavy =
      deps.heavy ?? new HeavyWork(db, { databaseUrl: deps.config.databaseUrl, threads: false, exportsWaiting: EXPORTS_WAITING_MAX, kinds });
    const bot = createBot({
      db,
      kinds,
      clock,
      timezone: tz,
      formIdleMinutes: deps.config.formIdleMinutes,
      ...(deps.wecom.identityTtlMs === undefined ? {} : { identityTtlMs: deps.wecom.identityTtlMs }),
      // A photo sent to the intelligent bot is fetched by its URL and key; one sent to the app by media/get.
      fetchMedia: (mediaId) =>
        aibotImages.owns(mediaId) || !api
          ? aibotImages.fetch(mediaId, { maxBytes: deps.config.photoMaxBytes, deadlineMs: 15_000 })
          : api.getMedia(mediaId, { maxBytes: deps.config.photoMaxBytes }),
      photoMaxMb: deps.config.photoMaxBytes / 1024 / 1024,
      heavy,
      // A built export (or why it was not), to the person who asked, through the outbox (once, by its key).
      sendLater: async (userid, replies, key) => {
        await enqueue(
          db,
          replies.map((r, i) => fromReply(r, { channel: "app", target: userid, dedupeKey: `${key}:${i}` })),
          { scheduledFor: clock.now(), urgent: true, quiet: null, tz },
        );
        worker.kick();
      },
      ...(deps.wecom.scheduler ? { scheduler: deps.wecom.scheduler } : {}),
      // What a report kind says to a bureau group at once (a 重大 hazard), whatever the hour.
      notify: async (purpose, content) => {
        const messages = await toPurposeOrAdmins(db, purpose, {
          msgtype: "text",
          content,
          dedupeKey: `notify:${clock.now().getTime()}:${content.length}:${content.slice(0, 40)}`,
        });
        await enqueue(db, messages, { scheduledFor: clock.now(), urgent: true, quiet: null, tz });
        worker.kick();
      },
    });
    if (deps.wecom.crypto && deps.wecom.corpId) {
      const callback = callbackRoutes({
        crypto: deps.wecom.crypto,
        db,
        clock,
        handle: deps.wecom.handle ?? bot.processEvent,
        sendLate: deps.wecom.sendLate ?? outboxLateReplies(db, worker, tz, () => clock.now()),
        passiveReplyBudgetMs: deps.config.passiveReplyBudgetMs,
        corpId: deps.wecom.corpId,
      });
      app.use(callback.routes());
      app.use(callback.allowedMethods());
    }
    const tellAdminsOfTakeover = async () => {
      try {
        const admins = await adminUserids(db);
        if (!admins.length) return;
        const key = `aibot-takeover:${deps.config.aibot?.botId}:${clock.now().toISOString().slice(0, 10)}`;
        const message = {
          channel: "app" as const,
          target: admins.join("|"),
          msgtype: "text" as const,
          content: aibotTexts.takenOver(),
          dedupeKey: key,
        };
        await enqueue(db, [message], { scheduledFor: clock.now(), urgent: true, quiet: null, tz });
        worker.kick();
      } catch (err) {
        deps.logger.warn({ err: err instanceof Error ? err.message : String(err) }, "admins not told of the aibot takeover");
      }
    };
    if (deps.config.aibot && deps.aibot) {
      aibot = new AibotConnection({
        ...deps.config.aibot,
        ledger: new DeliveryLedger(db),
        clock,
        handle: deps.wecom.handle ?? bot.processEvent,
        logger: deps.logger,
        // One process holds the bot's one connection; another takes over within the lease's 30 s of its death.
        lease: new DbLease(db, `aibot:${deps.config.aibot.botId}`, AIBOT_LEASE_MS, clock),
        images: aibotImages,
        contacts: new AibotContacts(db),
        // The admins hear of a takeover once a day at most (a second instance somewhere holds the bot).
        onTakenOver: () => void tellAdminsOfTakeover(),
        inGroup: async (userid, text) => {
          const person = await db.person.findUnique({ where: { useridKey: userid.toLowerCase() }, include: { roles: true } });
          // Someone not on the roster: one short refusal an hour, whatever they send (connection.ts, RefusalGate).
          if (!person?.active) return "stranger";
          const m = bot.commands.match(text);
          if (!m) return "refuse";
          if (kinds.byId(m.command.id)) return "report";
          if (!GROUP_COMMANDS.has(m.command.id)) return "refuse";
          return person.roles.some((r) => r.role === "viewer" || r.role === "admin") ? "answer" : "refuse";
        },
      });
      deps.wecom.aibotTransport?.attach(aibot);
      deps.aibot(aibot);
    }
    // The dashboard's login is WeCom's web login through the app: without the app there is no dashboard.
    const publicUrl = deps.config.publicUrl;
    if (api) {
      const dashboard = dashboardRoutes({
        db,
        api,
        now: () => clock.now(),
        publicUrl,
        sessionHours: deps.config.dashboardSessionHours,
        cookies: { secure: !!publicUrl?.startsWith("https://") },
        logger: deps.logger,
        tz,
        heavy,
        kinds,
        ...(deps.config.simulator && deps.simLogin ? { simLogin: deps.simLogin } : {}),
      });
      app.use(dashboard.routes());
      app.use(dashboard.allowedMethods());
    }
  }
  return app;
}
