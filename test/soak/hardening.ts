/**
 * The hardening sections of the soak run, each against the bot as a child
 * process on SQLite:
 * - worst bodies: the XML shapes that cost a naive reader quadratic time, at
 *   full rate from 10 connections beside genuine traffic (each genuine
 *   message must be answered within WeCom's 5 s), then each shape timed alone
 *   beside an ordinary bad-signature request;
 * - replays: every request of a day's chatting replayed after it was done,
 *   inside the timestamp window (nothing may be processed again);
 * - a 100,000-row roster import by the CLI while principals chat (no
 *   callback may be answered later than 5 s).
 */
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { openDatabase } from "../../src/db/client.js";
import { ROOT } from "../../src/db/providers.js";
import { CallbackSender, newMsgId } from "../../src/sim/callback-sender.js";
import { worstShapes } from "../support/hostile.js";
import { BotProcess, type Fake, freePort, prepareDatabase, principal, SOAK_CORP, scratchDir } from "./world.js";

const USERS = 50;
const DEADLINE_MS = 5_000;

type Timed = { status: number; ms: number; text: string };

function poster(botUrl: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const post = (query: string, body: string, headers: Record<string, string> = {}): Promise<Timed> =>
    new Promise((resolve) => {
      const t0 = performance.now();
      const req = http.request(`${botUrl}/wecom/callback?${query}`, {
        method: "POST",
        agent,
        headers: { "content-type": "application/xml", ...headers },
        timeout: 15_000,
      });
      req.on("response", (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0, text: Buffer.concat(chunks).toString("utf8") }),
        );
      });
      req.on("timeout", () => req.destroy());
      req.on("error", () => resolve({ status: 0, ms: performance.now() - t0, text: "" }));
      req.end(body);
    });
  return { post, close: () => agent.destroy() };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.floor(s.length / 2)] ?? 0) : 0;
};

async function withBot<T>(w: Fake, name: string, schools: number, run: (bot: BotProcess, url: string) => Promise<T>): Promise<T> {
  const scratch = scratchDir();
  const url = `file:${scratch.dir}/${name}.db`;
  try {
    await prepareDatabase(url, scratch.dir, schools);
    const bot = new BotProcess(await freePort(), { DATABASE_URL: url, WECOM_API_BASE: w.url });
    await bot.start();
    try {
      return await run(bot, url);
    } finally {
      await bot.stop();
    }
  } finally {
    scratch.remove();
  }
}

export type WorstFigures = {
  hostileSent: number;
  hostileNot4xx: number;
  genuine: number;
  genuineSlowestMs: number;
  genuineLate: number;
  worstShape: string;
  worstShapeMs: number;
  badSignatureMs: number;
  logs: string;
  failures: string[];
};

export async function worstBodiesSection(w: Fake, seconds = 15): Promise<WorstFigures> {
  return withBot(w, "worst", USERS, async (bot) => {
    const { post, close } = poster(bot.url);
    const sender = new CallbackSender({ url: `${bot.url}/wecom/callback`, ...SOAK_CORP });
    const signed = sender.seal(sender.textXml(principal(0), "x", newMsgId())).query;
    const shapes = worstShapes();
    const badSig = () => {
      const { query, body } = sender.seal(sender.textXml(principal(0), "帮助", newMsgId()));
      const q = new URLSearchParams(query);
      q.set("msg_signature", "0".repeat(40));
      return { query: q.toString(), body };
    };
    let hostileSent = 0;
    let hostileNot4xx = 0;
    const until = performance.now() + seconds * 1000;
    const hostile = Array.from({ length: 10 }, async (_, k) => {
      for (let i = k; performance.now() < until; i += 10) {
        const r = await post(signed, (shapes[i % shapes.length] as { body: string }).body);
        hostileSent++;
        if (r.status < 400 || r.status >= 500) hostileNot4xx++;
      }
    });
    // Genuine principals meanwhile: 10 messages a second.
    const genuine: Timed[] = [];
    const talk = (async () => {
      for (let i = 0; performance.now() < until; i++) {
        const { query, body } = sender.seal(sender.textXml(principal(i % USERS), i % 2 ? "帮助" : "我的", newMsgId()));
        void post(query, body).then((r) => genuine.push(r));
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    await Promise.all([...hostile, talk]);
    await new Promise((r) => setTimeout(r, DEADLINE_MS));
    // Each shape alone, beside a bad signature: the median of 15 tries each.
    const alone = async (q: string, body: string) => {
      const ms: number[] = [];
      for (let i = 0; i < 15; i++) ms.push((await post(q, body)).ms);
      return median(ms);
    };
    const bad = badSig();
    const badSignatureMs = await alone(bad.query, bad.body);
    let worstShape = "";
    let worstShapeMs = 0;
    for (const s of shapes) {
      const ms = await alone(signed, s.body);
      if (ms > worstShapeMs) [worstShape, worstShapeMs] = [s.name, ms];
    }
    close();
    const late = genuine.filter((g) => g.status !== 200 || g.ms >= DEADLINE_MS);
    const failures: string[] = [];
    if (hostileNot4xx) failures.push(`worst bodies: ${hostileNot4xx} hostile requests not answered 4xx`);
    if (late.length) failures.push(`worst bodies: ${late.length} genuine messages not answered 200 within 5 s`);
    if (genuine.length < seconds * 5) failures.push(`worst bodies: only ${genuine.length} genuine messages answered`);
    // A 64 KB body takes longer to send than a bad signature's few hundred bytes: "about the time" is within 10 ms or 5×.
    if (worstShapeMs > Math.max(badSignatureMs * 5, badSignatureMs + 10))
      failures.push(
        `worst bodies: "${worstShape}" answered in ${worstShapeMs.toFixed(1)} ms, a bad signature in ${badSignatureMs.toFixed(1)} ms`,
      );
    return {
      hostileSent,
      hostileNot4xx,
      genuine: genuine.length,
      genuineSlowestMs: Math.max(0, ...genuine.map((g) => g.ms)),
      genuineLate: late.length,
      worstShape,
      worstShapeMs,
      badSignatureMs,
      logs: bot.logs,
      failures,
    };
  });
}

export type ReplayFigures = {
  messages: number;
  replayed: number;
  reprocessed: number;
  answeredAgain: number;
  logs: string;
  failures: string[];
};

export async function replaySection(w: Fake): Promise<ReplayFigures> {
  return withBot(w, "replay", USERS, async (bot, url) => {
    const { post, close } = poster(bot.url);
    const sender = new CallbackSender({ url: `${bot.url}/wecom/callback`, ...SOAK_CORP });
    // Each principal starts a safety inspection and answers the first four questions; 管理员-style commands too.
    const script = ["安全检查", "是", "否", "1", "我的", "帮助"];
    const captured: { query: string; body: string; reply: string | null }[] = [];
    await Promise.all(
      Array.from({ length: USERS }, async (_, u) => {
        for (const text of script) {
          const sealed = sender.seal(sender.textXml(principal(u), text, newMsgId()));
          const r = await post(sealed.query, sealed.body);
          captured.push({ ...sealed, reply: r.status === 200 ? sender.openPassive(r.text).passive : null });
        }
      }),
    );
    const fingerprint = async () => {
      const db = await openDatabase(url);
      try {
        const convos = await db.prisma.conversation.findMany({ select: { version: true } });
        return JSON.stringify({
          versions: convos.reduce((n, c) => n + c.version, 0),
          conversations: convos.length,
          dedupe: await db.prisma.inboundDedupe.count(),
          reports: await db.prisma.report.count(),
          outbox: await db.prisma.outbox.count(),
          audit: await db.prisma.auditLog.count(),
        });
      } finally {
        await db.close();
      }
    };
    // WeCom's deadline has passed for all of them: replay every request, twice, inside the timestamp window.
    await new Promise((r) => setTimeout(r, DEADLINE_MS));
    const before = await fingerprint();
    const logsBefore = bot.logs.length;
    let answeredAgain = 0;
    for (let round = 0; round < 2; round++)
      await Promise.all(
        captured.map(async (c) => {
          const r = await post(c.query, c.body);
          if (r.status === 200 && c.reply !== null && sender.openPassive(r.text).passive === c.reply) answeredAgain++;
        }),
      );
    const after = await fingerprint();
    close();
    const replayLogs = bot.logs.slice(logsBefore);
    const outcomes = replayLogs.match(/"outcome":"[a-z-]+"/g) ?? [];
    const reprocessed = outcomes.filter((o) => o !== '"outcome":"duplicate"').length;
    const failures: string[] = [];
    if (after !== before) failures.push(`replays: the database changed: ${before} → ${after}`);
    if (reprocessed) failures.push(`replays: ${reprocessed} replayed requests were processed again`);
    if (answeredAgain !== 2 * captured.filter((c) => c.reply !== null).length)
      failures.push(`replays: ${answeredAgain} answered with the recorded reply`);
    return { messages: captured.length, replayed: 2 * captured.length, reprocessed, answeredAgain, logs: bot.logs, failures };
  });
}

export type ImportFigures = {
  rows: number;
  importSeconds: number;
  imported: boolean;
  messages: number;
  slowestMs: number;
  late: number;
  logs: string;
  failures: string[];
};

export async function importSection(w: Fake, rows = 100_000): Promise<ImportFigures> {
  return withBot(w, "import", USERS, async (bot, url) => {
    const { post, close } = poster(bot.url);
    const sender = new CallbackSender({ url: `${bot.url}/wecom/callback`, ...SOAK_CORP });
    // The file keeps the running roster's people (no --replace needed) and adds rows-USERS more.
    const lines = ["userid,name,mobile,unit_code,unit_name,unit_kind,township,roles,schools,rural"];
    for (let i = 0; i < rows; i++) lines.push(`${principal(i)},校长${i},,S${i},第${i}小学,小学,溧城街道,principal,,否`);
    const file = path.join(path.dirname(url.slice("file:".length)), "roster-100k.csv");
    writeFileSync(file, `${lines.join("\n")}\n`);
    const t0 = performance.now();
    const cli = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "src", "cli.ts"), "roster", "import", file], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", DATABASE_URL: url, NODE_ENV: "production" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let cliOut = "";
    cli.stdout?.on("data", (d) => {
      cliOut += String(d);
    });
    cli.stderr?.on("data", (d) => {
      cliOut += String(d);
    });
    const exited = new Promise<number | null>((r) => cli.on("exit", (code) => r(code)));
    let running = true;
    void exited.then(() => {
      running = false;
    });
    // Principals chat all through the import: 8 at a time, one message each as soon as the last was answered.
    const answers: Timed[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async (_, k) => {
        for (let i = k; running; i += 8) {
          const { query, body } = sender.seal(sender.textXml(principal(i % USERS), i % 3 ? "帮助" : "我的", newMsgId()));
          answers.push(await post(query, body));
          await new Promise((r) => setTimeout(r, 50));
        }
      }),
    );
    const code = await exited;
    const importSeconds = (performance.now() - t0) / 1000;
    close();
    const db = await openDatabase(url);
    const people = await db.prisma.person.count();
    await db.close();
    const late = answers.filter((a) => a.status !== 200 || a.ms >= DEADLINE_MS);
    const failures: string[] = [];
    if (code !== 0 || people !== rows) failures.push(`import: exit ${code}, ${people} people of ${rows}: ${cliOut.slice(-500)}`);
    if (late.length) failures.push(`import: ${late.length} of ${answers.length} callbacks not answered 200 within 5 s`);
    return {
      rows,
      importSeconds,
      imported: code === 0 && people === rows,
      messages: answers.length,
      slowestMs: Math.max(0, ...answers.map((a) => a.ms)),
      late: late.length,
      logs: bot.logs,
      failures,
    };
  });
}
