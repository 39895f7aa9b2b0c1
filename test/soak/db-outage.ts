/**
 * A database outage: principals fill in forms against the bot on a PostgreSQL
 * server of this run's own, which is stopped for 30 s in the middle. While it
 * is down the bot must answer fast with 503 (WeCom retries) and /readyz 503;
 * once it is back the bot recovers by itself; nothing acknowledged is lost
 * and every form holds exactly the answers given.
 */
import { openDatabase } from "../../src/db/client.js";
import { OwnPostgres } from "./own-postgres.js";
import { WeComSender } from "./wecom-sender.js";
import { BotProcess, type Fake, freePort, prepareDatabase, principal, scratchDir } from "./world.js";

const USERS = 40;
const OUTAGE_MS = 30_000;

export type OutageFigures = {
  messages: number;
  acknowledged: number;
  stored: number;
  answered: number;
  refused503: number;
  slowest503Ms: number;
  readyzDown: boolean;
  recoveryMs: number;
  retyped: number;
  forms: number;
  formsExact: number;
  logs: string;
  failures: string[];
};

function script(i: number, round: number): string[] {
  return ["安全检查", "是", "否", "3", "3", "3", String(40 + ((i + round) % 60)), String(30 + ((i * 3 + round) % 70)), "0", "跳过", "确认"];
}

export async function outageSection(w: Fake): Promise<OutageFigures> {
  const server = new OwnPostgres(await freePort());
  const scratch = scratchDir();
  const failures: string[] = [];
  try {
    await server.init();
    await prepareDatabase(server.url, scratch.dir, USERS);
    const bot = new BotProcess(await freePort(), { DATABASE_URL: server.url, WECOM_API_BASE: w.url });
    await bot.start();
    const sender = new WeComSender(bot.url);
    let retyped = 0;
    let stopUsers = false;
    const done = new Map<number, number>(); // user → forms completed (one report per week: one form each here)
    const users = Array.from({ length: USERS }, async (_, i) => {
      await new Promise((r) => setTimeout(r, (i * 137) % 3000));
      for (const text of script(i, 0)) {
        while ((await sender.deliver(principal(i), text)).status !== 200) {
          retyped++;
          if (stopUsers) return;
        }
        await new Promise((r) => setTimeout(r, 1500 + ((i * 31) % 1500)));
      }
      done.set(i, 1);
    });
    // The outage: 8 s into the load, for 30 s.
    await new Promise((r) => setTimeout(r, 8_000));
    server.stop();
    const downAt = performance.now();
    await new Promise((r) => setTimeout(r, 3_000));
    const readyzDown = (await fetch(`${bot.url}/readyz`)).status === 503;
    await new Promise((r) => setTimeout(r, OUTAGE_MS - 3_000));
    server.start();
    const upAt = performance.now();
    let recoveryMs = -1;
    while (performance.now() - upAt < 60_000) {
      if ((await fetch(`${bot.url}/readyz`)).status === 200) {
        recoveryMs = performance.now() - upAt;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const guard = setTimeout(() => {
      stopUsers = true;
    }, 120_000);
    await Promise.all(users);
    clearTimeout(guard);
    await bot.stop();
    void downAt;

    const db = await openDatabase(server.url);
    const acknowledged = sender.outcomes.filter((o) => o.status === 200);
    const keys = new Set((await db.prisma.inboundDedupe.findMany({ select: { key: true } })).map((r) => r.key));
    const stored = acknowledged.filter((o) => keys.has(`msg:${o.msgId}`)).length;
    const answered = acknowledged.filter((o) => o.reply).length;
    const reports = await db.prisma.report.findMany({ where: { kind: "safety" }, include: { unit: true } });
    let formsExact = 0;
    for (const r of reports) {
      const s = script(Number(r.unit.code.slice(1)), 0);
      const d = r.data as Record<string, unknown>;
      if (d.platformClasses === Number(s[6]) && d.platformStudents === Number(s[7])) formsExact++;
    }
    await db.close();
    const refusals = sender.outcomes.flatMap((o) => o.statuses.map((s, k) => ({ s, ms: o.refusalMs[k] ?? 0 }))).filter((x) => x.s === 503);
    const all503Ms = sender.outcomes.flatMap((o) => o.refusalMs);
    const slowest503Ms = Math.round(Math.max(0, ...all503Ms));
    if (stored !== acknowledged.length) failures.push(`outage: ${acknowledged.length - stored} acknowledged messages not stored`);
    if (answered !== acknowledged.length) failures.push(`outage: ${acknowledged.length - answered} acknowledged messages got no answer`);
    if (!readyzDown) failures.push("outage: /readyz did not answer 503 while the database was down");
    if (recoveryMs < 0) failures.push("outage: the bot did not recover within 60 s of the database's return");
    if (refusals.length === 0) failures.push("outage: no request was refused with 503 during the outage");
    if (slowest503Ms > 2_000) failures.push(`outage: a refusal took ${slowest503Ms} ms (not fast)`);
    if (reports.length !== USERS || formsExact !== USERS)
      failures.push(`outage: ${reports.length} reports, ${formsExact} exact, for ${USERS} principals`);
    return {
      messages: sender.outcomes.length,
      acknowledged: acknowledged.length,
      stored,
      answered,
      refused503: refusals.length,
      slowest503Ms,
      readyzDown,
      recoveryMs: Math.round(recoveryMs),
      retyped,
      forms: reports.length,
      formsExact,
      logs: bot.logs,
      failures,
    };
  } finally {
    server.remove();
    scratch.remove();
  }
}
