/**
 * Hostile input at scale: 100,000 or more mutated callbacks (fast-check,
 * fixed seed) and the fixed nasty bodies, 50 at a time, against the bot as a
 * child process. Each must be answered 4xx; nothing may be written; the
 * process must stay up.
 */
import http from "node:http";
import fc from "fast-check";
import { openDatabase } from "../../src/db/client.js";
import { mutatedCallback, nastyRequests, type RawRequest, rowCounts } from "../support/hostile.js";
import { BotProcess, type Fake, freePort, prepareDatabase, SOAK_CORP, scratchDir } from "./world.js";

export type HostileFigures = {
  tried: number;
  answered4xx: number;
  other: Record<string, number>;
  writes: number;
  logs: string;
  failures: string[];
};

export async function hostileSection(w: Fake, total: number, seed: number): Promise<HostileFigures> {
  const scratch = scratchDir();
  const url = `file:${scratch.dir}/hostile.db`;
  try {
    await prepareDatabase(url, scratch.dir, 10);
    const db = await openDatabase(url);
    const bot = new BotProcess(await freePort(), { DATABASE_URL: url, WECOM_API_BASE: w.url });
    await bot.start(); // its start loads the bundled plan (an audit row): count from here
    const before = await rowCounts(db.prisma);
    const callback = `${bot.url}/wecom/callback`;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 50 });
    const post = (r: RawRequest) =>
      new Promise<number>((resolve) => {
        const req = http.request(r.query ? `${callback}?${r.query}` : callback, {
          method: "POST",
          agent,
          headers: { "content-type": r.contentType ?? "application/xml" },
        });
        req.on("response", (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        });
        req.on("error", () => resolve(0));
        req.end(r.body);
      });
    const nasty = nastyRequests(SOAK_CORP, callback);
    const mutated = mutatedCallback(SOAK_CORP, callback);
    let tried = 0;
    let answered4xx = 0;
    const other: Record<string, number> = {};
    let i = 0;
    const worker = async () => {
      while (i < total) {
        const n = i++;
        // Every 1,000th request is one of the fixed nasty bodies; the rest are fast-check mutations.
        const r =
          n % 1000 === 0
            ? (nasty[(n / 1000) % nasty.length] as RawRequest)
            : (fc.sample(mutated, { seed: seed + n, numRuns: 1 })[0] as RawRequest);
        const status = await post(r);
        tried++;
        if (status >= 400 && status < 500) answered4xx++;
        else other[`${r.name}:${status}`] = (other[`${r.name}:${status}`] ?? 0) + 1;
      }
    };
    await Promise.all(Array.from({ length: 50 }, worker));
    agent.destroy();
    const alive = (await fetch(`${bot.url}/healthz`)).status === 200;
    await bot.stop();
    const after = await rowCounts(db.prisma);
    await db.close();
    const writes = Object.keys(after).reduce((n, k) => n + Math.abs((after[k] ?? 0) - (before[k] ?? 0)), 0);
    const failures: string[] = [];
    if (answered4xx !== tried) failures.push(`hostile: ${tried - answered4xx} requests not answered 4xx: ${JSON.stringify(other)}`);
    if (writes) failures.push(`hostile: rows written: before ${JSON.stringify(before)}, after ${JSON.stringify(after)}`);
    if (!alive) failures.push("hostile: the bot stopped answering /healthz");
    return { tried, answered4xx, other, writes, logs: bot.logs, failures };
  } finally {
    scratch.remove();
  }
}
