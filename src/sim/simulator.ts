/**
 * The local simulator: with no WeCom credentials and outside production,
 * `npm start` runs the bot against a fake WeCom in the same process, with
 * generated callback secrets, and serves /sim — a web chat where anyone on
 * the roster can be impersonated. Every message goes through the real
 * encrypted callback; replies come back passively or as sends the fake
 * WeCom recorded, pushed to the page with server-sent events. A fake of the
 * intelligent bot's long-connection server runs beside it: the bot holds its
 * connection as in production, and the page's group chat speaks through it.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import type { Logger } from "../log.js";
import { type WeComRuntime, wecomRuntime } from "../runtime.js";
import { CallbackSender } from "./callback-sender.js";
import { jumpTo } from "./clock-jump.js";
import { FakeAibot } from "./fake-aibot.js";
import { FakeWeCom } from "./fake-wecom.js";
import { SimClock } from "./sim-clock.js";

export type Simulator = {
  clock: SimClock;
  fake: FakeWeCom;
  wecom: WeComRuntime;
  /** The intelligent bot's fake server, and the configuration that connects the bot to it. */
  aibot: { fake: FakeAibot; config: NonNullable<Config["aibot"]> };
  /** Moves the clock to `to`, firing and sending what falls due on the way, in order (clock-jump.ts); the clock is kept across restarts. */
  jump(to: Date): Promise<void>;
  /** Set once the app listens: where the sender posts callbacks. */
  setCallbackUrl(url: string): void;
  sender(): CallbackSender;
  stop(): Promise<void>;
};

/** How far the simulated clock is ahead of the real one, kept so a restart goes on from it (a Setting row: the simulator's database only). */
const SIM_OFFSET_KEY = "sim-clock-offset-ms";

export async function createSimulator(db: Database, config: Config, logger: Logger): Promise<Simulator> {
  const clock = new SimClock();
  const kept = Number((await db.prisma.setting.findUnique({ where: { key: SIM_OFFSET_KEY } }))?.value);
  if (Number.isFinite(kept) && kept > 0) clock.advance(kept);
  const creds = {
    corpId: "wwsimulator000001",
    agentId: "1000001",
    secret: randomBytes(16).toString("hex"),
    token: randomBytes(8).toString("hex"),
    encodingAesKey: randomBytes(32)
      .toString("base64")
      .replace(/[^A-Za-z0-9]/g, "A")
      .slice(0, 43),
  };
  const fake = new FakeWeCom({
    ...creds,
    clock,
    autoCreateChats: true,
    robots: async (key) => (await db.prisma.groupChat.findFirst({ where: { robotKey: key } }))?.name ?? null,
  });
  const server = http.createServer(fake.app.callback());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const wecom = wecomRuntime({
    db: db.prisma,
    config,
    clock,
    logger,
    creds,
    apiBase: base,
    api: { backoffMs: 200 },
    worker: { pollMs: 500 },
  });
  const { scheduler, worker } = wecom;
  const aibotCreds = { botId: "sim-aibot", secret: randomBytes(16).toString("hex") };
  const aibot = new FakeAibot(aibotCreds);
  const aibotConfig = { ...aibotCreds, wsUrl: await aibot.url(), watchdogMs: 0 };
  let callbackUrl = "";
  let sender: CallbackSender | null = null;
  return {
    clock,
    fake,
    wecom,
    aibot: { fake: aibot, config: aibotConfig },
    async jump(to) {
      await jumpTo(to, { clock, db: db.prisma, scheduler, worker });
      const row = { value: String(clock.now().getTime() - Date.now()), by: "simulator", at: new Date() };
      await db.prisma.setting.upsert({ where: { key: SIM_OFFSET_KEY }, create: { key: SIM_OFFSET_KEY, ...row }, update: row });
    },
    setCallbackUrl(url) {
      callbackUrl = url;
      sender = null;
    },
    sender() {
      sender ??= new CallbackSender({ url: callbackUrl, ...creds, clock, attempts: 3 });
      return sender;
    },
    async stop() {
      await scheduler.stop();
      await worker.stop();
      await aibot.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
