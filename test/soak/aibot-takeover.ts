/**
 * The intelligent bot's one connection across processes: two bot processes on one PostgreSQL database,
 * both configured with the same intelligent bot, while principals fill in their 安全检查 over the long
 * connection (the fake long-connection server lives in this process, so it outlives the bots). Exactly
 * one process holds the connection at any moment; the holder is killed (SIGKILL) and the other takes
 * over once the lease lapses; the killed one comes back as a standby; the new holder is stopped cleanly
 * (it releases the lease) and the first takes over at once. The fake redelivers what was not answered.
 * Afterwards: every message was answered exactly once, no newer connection ever kicked an older one out,
 * and every form holds exactly the answers given.
 */
import { AIBOT_LEASE_MS } from "../../src/app.js";
import { openDatabase } from "../../src/db/client.js";
import { FakeAibot, type Frame } from "../../src/sim/fake-aibot.js";
import { OwnPostgres } from "./own-postgres.js";
import { BotProcess, type Fake, freePort, prepareDatabase, principal, scratchDir } from "./world.js";

const USERS = 30;
export const AIBOT_SOAK_SECRET = "soak-aibot-secret-must-never-be-logged-42";
const BOT = { botId: "soak-aibot-0001", secret: AIBOT_SOAK_SECRET };
/** How long a message may wait for its answer (a takeover takes up to the lease and a standby's look). */
const ANSWER_WAIT_MS = AIBOT_LEASE_MS + 30_000;

export type TakeoverFigures = {
  messages: number;
  answered: number;
  answeredTwice: number;
  redelivered: number;
  mostHolders: number;
  kicks: number;
  killToTakeoverMs: number;
  stopToTakeoverMs: number;
  forms: number;
  formsExact: number;
  logs: string;
  failures: string[];
};

function script(i: number): string[] {
  return ["安全检查", "是", "否", "3", "3", "3", String(60 + (i % 40)), String(50 + ((i * 7) % 50)), "0", "跳过", "确认"];
}

async function aibotState(bot: BotProcess): Promise<string | null> {
  try {
    const r = await fetch(`${bot.url}/readyz`);
    return ((await r.json()) as { aibot?: string }).aibot ?? null;
  } catch {
    return null;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function aibotTakeoverSection(w: Fake): Promise<TakeoverFigures> {
  const server = new OwnPostgres(await freePort());
  const scratch = scratchDir();
  const fake = new FakeAibot(BOT);
  const failures: string[] = [];
  const bots: BotProcess[] = [];
  try {
    await server.init();
    await prepareDatabase(server.url, scratch.dir, USERS);
    const env = {
      DATABASE_URL: server.url,
      WECOM_API_BASE: w.url,
      WECOM_BOT_ID: BOT.botId,
      WECOM_BOT_SECRET: BOT.secret,
      WECOM_BOT_WS_URL: await fake.url(),
    };
    bots.push(new BotProcess(await freePort(), env), new BotProcess(await freePort(), env));
    await Promise.all(bots.map((b) => b.start()));
    const until = async (what: string, ok: () => boolean | Promise<boolean>, ms: number) => {
      const deadline = Date.now() + ms;
      while (Date.now() < deadline) {
        if (await ok()) return;
        await sleep(50);
      }
      throw new Error(`aibot takeover: ${what} did not happen within ${ms} ms`);
    };
    await until("a first subscribe", () => fake.live, 30_000);
    // Which process holds it: the one whose /readyz says so; the other is a standby.
    const holder = async () => {
      const states = await Promise.all(bots.map(aibotState));
      return states.indexOf("authenticated");
    };
    await until(
      "one holder and one standby",
      async () => {
        const states = await Promise.all(bots.map(aibotState));
        return states.filter((s) => s === "authenticated").length === 1 && states.includes("standby");
      },
      15_000,
    );

    // How many connections are subscribed at once, sampled all along; and kicks (a newer connection over a live one).
    let mostHolders = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        mostHolders = Math.max(mostHolders, fake.subscribed);
        await sleep(100);
      }
    })();

    const frames: Frame[] = [];
    let unanswered = 0;
    const answered = (f: Frame) => fake.repliesTo(f.headers.req_id).some((r) => r.errcode === 0);
    const users = Array.from({ length: USERS }, async (_, i) => {
      await sleep((i * 211) % 4000);
      for (const text of script(i)) {
        const frame = fake.text(principal(i), text);
        frames.push(frame);
        // A person waits for the answer before the next; the fake redelivers it if the holder died first.
        const deadline = Date.now() + ANSWER_WAIT_MS;
        while (!answered(frame) && Date.now() < deadline) await sleep(50);
        if (!answered(frame)) {
          unanswered++;
          return;
        }
        await sleep(300 + ((i * 37) % 600));
      }
    });

    // 6 s into the load the holder is killed; the standby must take over within the lease (and its look).
    await sleep(6_000);
    const first = await holder();
    if (first < 0) throw new Error("no process holds the connection");
    const firstBot = bots[first] as BotProcess;
    const killedAt = Date.now();
    await firstBot.kill();
    await until("a takeover after the kill", () => fake.live, AIBOT_LEASE_MS + 15_000);
    const killToTakeoverMs = Date.now() - killedAt;
    await firstBot.start();
    await until("the restarted process standing by", async () => (await aibotState(firstBot)) === "standby", 15_000);
    // Then the new holder stops cleanly: it gives the lease up, and the first takes over at once.
    await sleep(3_000);
    const secondBot = bots[1 - first] as BotProcess;
    const stoppedAt = Date.now();
    await secondBot.stop();
    await until("a takeover after a clean stop", async () => (await aibotState(firstBot)) === "authenticated", 15_000);
    const stopToTakeoverMs = Date.now() - stoppedAt;
    await secondBot.start();

    await Promise.all(users);
    sampling = false;
    await sampler;
    const kicks = fake.kicks;

    const answeredTwice = frames.filter((f) => fake.repliesTo(f.headers.req_id).filter((r) => r.errcode === 0).length > 1).length;
    const answeredCount = frames.filter(answered).length;
    if (unanswered) failures.push(`aibot takeover: ${unanswered} messages got no answer within ${ANSWER_WAIT_MS} ms`);
    if (answeredTwice) failures.push(`aibot takeover: ${answeredTwice} messages answered twice`);
    if (mostHolders > 1) failures.push(`aibot takeover: ${mostHolders} connections subscribed at once`);
    if (kicks) failures.push(`aibot takeover: ${kicks} times a newer connection kicked a live one out`);
    // Within the lease of the last renewal (renewed every third of it) and a standby's look (a tenth), with 2 s to connect.
    if (killToTakeoverMs > AIBOT_LEASE_MS + AIBOT_LEASE_MS / 10 + 2_000)
      failures.push(`aibot takeover: ${killToTakeoverMs} ms from the kill to a takeover (lease ${AIBOT_LEASE_MS} ms)`);
    if (stopToTakeoverMs > AIBOT_LEASE_MS / 10 + 5_000)
      failures.push(`aibot takeover: ${stopToTakeoverMs} ms from a clean stop to a takeover`);

    const check = await openDatabase(server.url);
    const reports = await check.prisma.report.findMany({ where: { kind: "safety" }, include: { unit: true } });
    let formsExact = 0;
    for (const r of reports) {
      const s = script(Number(r.unit.code.slice(1)));
      const d = r.data as Record<string, unknown>;
      if (d.platformClasses === Number(s[6]) && d.platformStudents === Number(s[7]) && d.hazardCount === 0) formsExact++;
    }
    await check.close();
    if (reports.length !== USERS) failures.push(`aibot takeover: ${reports.length} reports for ${USERS} principals`);
    if (formsExact !== reports.length)
      failures.push(`aibot takeover: ${reports.length - formsExact} forms hold answers other than those given`);
    return {
      messages: frames.length,
      answered: answeredCount,
      answeredTwice,
      redelivered: fake.redelivered,
      mostHolders,
      kicks,
      killToTakeoverMs,
      stopToTakeoverMs,
      forms: reports.length,
      formsExact,
      logs: bots.map((b) => b.logs).join(""),
      failures,
    };
  } finally {
    await Promise.all(bots.map((b) => b.stop()));
    await fake.close();
    server.remove();
    scratch.remove();
  }
}
