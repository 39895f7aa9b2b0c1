/**
 * Crashes: principals fill in their weekly safety inspection while the bot is
 * killed with SIGKILL at random moments and restarted; meanwhile its outbox
 * sends app and robot messages enqueued beforehand. Afterwards: every message
 * that got a 200 is stored and was answered, every form holds exactly the
 * answers given, no app message reached anyone twice, and robot messages
 * repeated at most once per crash.
 */
import { openDatabase } from "../../src/db/client.js";
import { enqueue, type OutboundMessage } from "../../src/outbox/enqueue.js";
import { WeComSender } from "./wecom-sender.js";
import type { Fake } from "./world.js";
import { BotProcess, freePort, prepareDatabase, principal, ROBOT_KEY, scratchDir } from "./world.js";

const USERS = 150;
const CRASHES = 5;
const APP_MESSAGES = 300;
const ROBOT_MESSAGES = 12;

export type CrashFigures = {
  messages: number;
  acknowledged: number;
  stored: number;
  answered: number;
  retyped: number;
  takenOver: number;
  forms: number;
  formsExact: number;
  crashes: number;
  restartMs: number[];
  appSent: number;
  appDelivered: number;
  appTwice: number;
  appDroppedByWeCom: number;
  robotSent: number;
  robotRepeats: number;
  logs: string;
  failures: string[];
};

/** The answers principal i gives: two percentages tell each form apart. */
function script(i: number): string[] {
  return ["安全检查", "是", "否", "3", "3", "3", String(60 + (i % 40)), String(50 + ((i * 7) % 50)), "0", "跳过", "确认"];
}

export async function crashSection(w: Fake, seed: number): Promise<CrashFigures> {
  const scratch = scratchDir();
  const url = `file:${scratch.dir}/soak.db`;
  const failures: string[] = [];
  let random = seed;
  const rand = () => {
    random = (random * 1103515245 + 12345) % 2 ** 31;
    return random / 2 ** 31;
  };
  try {
    await prepareDatabase(url, scratch.dir, USERS);
    const db = await openDatabase(url);
    const group = await db.prisma.groupChat.create({ data: { name: "安全群", purpose: "安全", channel: "robot", robotKey: ROBOT_KEY } });
    const messages: OutboundMessage[] = [];
    for (let i = 0; i < APP_MESSAGES; i++)
      messages.push({ channel: "app", target: principal(i % USERS), msgtype: "text", content: `通知${i}`, dedupeKey: `soak-app-${i}` });
    for (let i = 0; i < ROBOT_MESSAGES; i++)
      messages.push({ channel: "robot", target: String(group.id), msgtype: "text", content: `群通知${i}`, dedupeKey: `soak-robot-${i}` });
    await enqueue(db.prisma, messages, { scheduledFor: new Date(), urgent: true, quiet: null, tz: "Asia/Shanghai" });
    await db.close();

    const bot = new BotProcess(await freePort(), { DATABASE_URL: url, WECOM_API_BASE: w.url });
    // WeCom takes 100 ms to answer each send: a crash often falls between its acceptance and the outbox's mark.
    w.fake.answerDelayMs = 100;
    const restartMs = [await bot.start()];
    const sender = new WeComSender(bot.url);
    let retyped = 0;
    const users = Array.from({ length: USERS }, async (_, i) => {
      await new Promise((r) => setTimeout(r, rand() * 2000));
      for (const text of script(i)) {
        // WeCom gave up after three attempts (the bot was down for all of them): the principal types it again.
        while ((await sender.deliver(principal(i), text)).status !== 200) retyped++;
        await new Promise((r) => setTimeout(r, rand() * 400));
      }
    });
    let crashes = 0;
    const killer = (async () => {
      while (crashes < CRASHES) {
        await new Promise((r) => setTimeout(r, 3000 + rand() * 4000));
        await bot.kill();
        crashes++;
        restartMs.push(await bot.start());
      }
    })();
    await Promise.all([...users, killer]);
    // Let the outbox finish (robot messages: 20 a minute).
    const check = await openDatabase(url);
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline && (await check.prisma.outbox.count({ where: { status: { not: "sent" } } })) > 0)
      await new Promise((r) => setTimeout(r, 500));
    await bot.stop();
    w.fake.answerDelayMs = 0;

    // Every acknowledged message is stored and was answered.
    const acknowledged = sender.outcomes.filter((o) => o.status === 200);
    const keys = new Set((await check.prisma.inboundDedupe.findMany({ select: { key: true } })).map((r) => r.key));
    const stored = acknowledged.filter((o) => keys.has(`msg:${o.msgId}`)).length;
    const answered = acknowledged.filter((o) => o.reply !== null && o.reply.length > 0).length;
    if (stored !== acknowledged.length) failures.push(`crash: ${acknowledged.length - stored} acknowledged messages not stored`);
    if (answered !== acknowledged.length) failures.push(`crash: ${acknowledged.length - answered} acknowledged messages got no answer`);
    // Every form holds exactly the answers given: one report per school with the two percentages sent.
    const reports = await check.prisma.report.findMany({ where: { kind: "safety" }, include: { unit: true } });
    let formsExact = 0;
    for (const r of reports) {
      const i = Number(r.unit.code.slice(1));
      const s = script(i);
      const d = r.data as Record<string, unknown>;
      if (d.platformClasses === Number(s[6]) && d.platformStudents === Number(s[7]) && d.hazardCount === 0) formsExact++;
    }
    if (reports.length !== USERS) failures.push(`crash: ${reports.length} reports for ${USERS} principals`);
    if (formsExact !== USERS) failures.push(`crash: ${USERS - formsExact} forms hold answers other than those given`);
    // The outbox: app messages exactly once (WeCom's duplicate check drops resends); robot repeats at most once per crash.
    const unsent = await check.prisma.outbox.count({ where: { status: { not: "sent" } } });
    if (unsent) failures.push(`crash: ${unsent} outbox messages not sent`);
    await check.close();
    const appCounts = new Map<string, number>();
    const robotCounts = new Map<string, number>();
    for (const d of w.fake.deliveries) {
      const m =
        d.channel === "app" && /^通知\d+$/.test(d.content)
          ? appCounts
          : d.channel === "robot" && /^群通知\d+$/.test(d.content)
            ? robotCounts
            : null;
      m?.set(d.content, (m.get(d.content) ?? 0) + 1);
    }
    const appTwice = [...appCounts.values()].filter((n) => n > 1).length;
    const robotRepeats = [...robotCounts.values()].reduce((n, c) => n + c - 1, 0);
    if (appCounts.size !== APP_MESSAGES) failures.push(`crash: ${APP_MESSAGES - appCounts.size} app messages never arrived`);
    if (appTwice) failures.push(`crash: ${appTwice} app messages arrived twice`);
    if (robotCounts.size !== ROBOT_MESSAGES) failures.push(`crash: ${ROBOT_MESSAGES - robotCounts.size} robot messages never arrived`);
    if (robotRepeats > crashes) failures.push(`crash: ${robotRepeats} robot repeats for ${crashes} crashes`);
    return {
      messages: sender.outcomes.length,
      acknowledged: acknowledged.length,
      stored,
      answered,
      retyped,
      takenOver: (bot.logs.match(/"outcome":"taken-over"/g) ?? []).length,
      forms: reports.length,
      formsExact,
      crashes,
      restartMs,
      appSent: APP_MESSAGES,
      appDelivered: appCounts.size,
      appTwice,
      appDroppedByWeCom: w.fake.droppedDuplicates,
      robotSent: ROBOT_MESSAGES,
      robotRepeats,
      logs: bot.logs,
      failures,
    };
  } finally {
    scratch.remove();
  }
}
