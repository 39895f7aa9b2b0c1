/**
 * WeCom's retry storm: N distinct messages, each delivered 4 times at once
 * (as WeCom does after a slow answer) → exactly N stored and N answered.
 */
import http from "node:http";
import { openDatabase } from "../../src/db/client.js";
import { CallbackSender, newMsgId } from "../../src/sim/callback-sender.js";
import { BotProcess, type Fake, freePort, prepareDatabase, principal, SOAK_CORP, scratchDir } from "./world.js";

const USERS = 200;

export type StormFigures = {
  messages: number;
  deliveries: number;
  stored: number;
  /** Messages answered (each with one reply, whichever copies carried it). */
  replies: number;
  /** Copies of a processed message that carried its recorded reply again. */
  repeated: number;
  non200: number;
  logs: string;
  failures: string[];
};

export async function stormSection(w: Fake, messages: number): Promise<StormFigures> {
  const scratch = scratchDir();
  const url = `file:${scratch.dir}/storm.db`;
  const deliveredBefore = w.fake.deliveries.length;
  try {
    await prepareDatabase(url, scratch.dir, USERS);
    const bot = new BotProcess(await freePort(), { DATABASE_URL: url, WECOM_API_BASE: w.url });
    await bot.start();
    const sender = new CallbackSender({ url: `${bot.url}/wecom/callback`, ...SOAK_CORP });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 200 });
    const post = (query: string, body: string) =>
      new Promise<{ status: number; text: string }>((resolve) => {
        const req = http.request(`${bot.url}/wecom/callback?${query}`, { method: "POST", agent }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
        });
        req.on("error", () => resolve({ status: 0, text: "" }));
        req.end(body);
      });
    let replies = 0;
    let differing = 0;
    let repeated = 0;
    let non200 = 0;
    const texts = ["帮助", "我的", "查看 安全"];
    // 50 messages at a time, each in 4 copies at once.
    for (let i = 0; i < messages; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, messages - i) }, async (_, j) => {
          const n = i + j;
          const { query, body } = sender.seal(sender.textXml(principal(n % USERS), texts[n % texts.length] as string, newMsgId()));
          const answers = await Promise.all([1, 2, 3, 4].map(() => post(query, body)));
          non200 += answers.filter((a) => a.status !== 200).length;
          // Processed once: copies are answered empty (in flight) or with the one recorded reply.
          const passive = answers.filter((a) => a.status === 200).map((a) => sender.openPassive(a.text).passive);
          const distinct = new Set(passive.filter((p) => p !== null));
          if (distinct.size === 1) replies++;
          else if (distinct.size > 1) differing++;
          repeated += passive.filter((p) => p !== null).length - distinct.size;
        }),
      );
    }
    agent.destroy();
    await bot.stop();
    const db = await openDatabase(url);
    const stored = await db.prisma.inboundDedupe.count();
    await db.close();
    const failures: string[] = [];
    if (stored !== messages) failures.push(`storm: ${stored} stored for ${messages} messages`);
    if (replies !== messages) failures.push(`storm: ${replies} messages answered of ${messages}`);
    if (differing) failures.push(`storm: ${differing} messages answered differently by their copies`);
    if (non200) failures.push(`storm: ${non200} deliveries not answered 200`);
    const apiReplies = w.fake.deliveries
      .slice(deliveredBefore)
      .filter((d) => d.channel === "app" && d.to.some((t) => t.startsWith("soak_p_"))).length;
    if (apiReplies) failures.push(`storm: ${apiReplies} replies also sent through the API`);
    return { messages, deliveries: messages * 4, stored, replies, repeated, non200, logs: bot.logs, failures };
  } finally {
    scratch.remove();
  }
}
