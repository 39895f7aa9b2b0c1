/**
 * The dashboard under attack and under load (issue 30), against the bot as a child process on SQLite:
 * - a login flood: 20,000 requests without a session from one address beside genuine logins — every genuine
 *   login must succeed, and the flood must store nothing;
 * - a storm at 20,000 schools: officers reloading the county's overview, principals reloading their own, county
 *   and school exports downloaded again and again — while principals chat: no callback may be answered later
 *   than WeCom's 5 s.
 */
import http from "node:http";
import { seedHistory, seedSchools } from "../../bench/lib/data.js";
import { openDatabase } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrate.js";
import { CallbackSender, newMsgId } from "../../src/sim/callback-sender.js";
import { BotProcess, type Fake, freePort, prepareDatabase, principal, SOAK_CORP, scratchDir } from "./world.js";

const DEADLINE_MS = 5_000;
const PUBLIC_URL = "https://jyj.soak.example";

/** A browser's cookies and its way through WeCom's login (the fake hands out the codes). */
class Browser {
  readonly cookies = new Map<string, string>();
  constructor(
    private readonly base: string,
    private readonly agent: http.Agent,
  ) {}

  get(path: string): Promise<{ status: number; location: string; ms: number; bytes: number }> {
    return new Promise((resolve) => {
      const t0 = performance.now();
      const req = http.request(`${this.base}${path}`, {
        agent: this.agent,
        headers: { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "), "user-agent": "Mozilla/5.0 Chrome/120" },
        timeout: 120_000,
      });
      req.on("response", (res) => {
        for (const c of res.headers["set-cookie"] ?? []) {
          const [pair = ""] = c.split(";");
          const [k = "", v = ""] = pair.split("=");
          if (v) this.cookies.set(k, v);
          else this.cookies.delete(k);
        }
        let bytes = 0;
        res.on("data", (d: Buffer) => {
          bytes += d.length;
        });
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, location: String(res.headers.location ?? ""), ms: performance.now() - t0, bytes }),
        );
      });
      req.on("timeout", () => req.destroy());
      req.on("error", () => resolve({ status: 0, location: "", ms: performance.now() - t0, bytes: 0 }));
      req.end();
    });
  }

  /** Signs in as `userid`: /dashboard → WeCom (its state) → the callback with the code WeCom gives; true when in. */
  async login(w: Fake, userid: string): Promise<boolean> {
    const start = await this.get("/dashboard");
    const state = new URL(start.location || "https://x/").searchParams.get("state") ?? "";
    const back = await this.get(`/dashboard/auth/callback?code=${w.fake.loginCode(userid)}&state=${state}`);
    return back.status === 302 && back.location === "/dashboard" && (await this.get("/dashboard")).status === 200;
  }
}

function chatter(bot: BotProcess, agent: http.Agent) {
  const sender = new CallbackSender({ url: `${bot.url}/wecom/callback`, ...SOAK_CORP });
  const answers: { status: number; ms: number }[] = [];
  return {
    answers,
    async say(userid: string, text: string): Promise<void> {
      const { query, body } = sender.seal(sender.textXml(userid, text, newMsgId()));
      const t0 = performance.now();
      const status = await new Promise<number>((resolve) => {
        const req = http.request(`${bot.url}/wecom/callback?${query}`, {
          method: "POST",
          agent,
          headers: { "content-type": "application/xml" },
          timeout: 15_000,
        });
        req.on("response", (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        });
        req.on("timeout", () => req.destroy());
        req.on("error", () => resolve(0));
        req.end(body);
      });
      answers.push({ status, ms: performance.now() - t0 });
    },
  };
}

export type LoginFloodFigures = {
  flood: number;
  flood302: number;
  genuine: number;
  genuineOk: number;
  loginRows: number;
  logs: string;
  failures: string[];
};

export async function loginFloodSection(w: Fake, flood = 20_000, genuine = 40): Promise<LoginFloodFigures> {
  const scratch = scratchDir();
  const url = `file:${scratch.dir}/flood.db`;
  try {
    await prepareDatabase(url, scratch.dir, genuine);
    const bot = new BotProcess(await freePort(), { DATABASE_URL: url, WECOM_API_BASE: w.url, PUBLIC_URL });
    await bot.start();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 200 });
    try {
      let sent = 0;
      let flood302 = 0;
      const attacker = new Browser(bot.url, agent);
      const floods = Array.from({ length: 100 }, async () => {
        while (sent < flood) {
          sent++;
          // A fresh visitor each time: no cookie kept.
          attacker.cookies.clear();
          if ((await attacker.get("/dashboard")).status === 302) flood302++;
        }
      });
      // Genuine people sign in all through the flood, a few at a time.
      let genuineOk = 0;
      const people = Array.from({ length: 4 }, async (_, k) => {
        for (let i = k; i < genuine; i += 4) {
          if (await new Browser(bot.url, agent).login(w, principal(i))) genuineOk++;
          await new Promise((r) => setTimeout(r, 50));
        }
      });
      await Promise.all([...floods, ...people]);
      const db = await openDatabase(url);
      const loginRows = await db.prisma.loginState.count();
      await db.close();
      const failures: string[] = [];
      if (genuineOk !== genuine) failures.push(`login flood: ${genuine - genuineOk} of ${genuine} genuine logins failed`);
      if (flood302 !== flood) failures.push(`login flood: ${flood - flood302} flood requests not answered 302`);
      if (loginRows > genuine) failures.push(`login flood: ${loginRows} login rows stored (at most ${genuine}, one per genuine login)`);
      return { flood: sent, flood302, genuine, genuineOk, loginRows, logs: bot.logs, failures };
    } finally {
      agent.destroy();
      await bot.stop();
    }
  } finally {
    scratch.remove();
  }
}

export type StormFigures = {
  schools: number;
  seconds: number;
  overviews: { viewer: number; principal: number; busy: number; viewerMedianMs: number; principalMedianMs: number };
  exports: { county: number; school: number; busy: number; slowestS: number };
  callbacks: number;
  late: number;
  slowestMs: number;
  logs: string;
  failures: string[];
};

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.floor(s.length / 2)] ?? 0) : 0;
};

export async function dashboardStormSection(w: Fake, schools = 20_000, seconds = 30): Promise<StormFigures> {
  const scratch = scratchDir();
  const url = `file:${scratch.dir}/storm.db`;
  const now = new Date();
  try {
    await migrate(url);
    const db = await openDatabase(url);
    try {
      await seedSchools(db, schools);
      await seedHistory(db, now, "Asia/Shanghai", { index: 0, of: 1 }, { weeks: 6, months: 3 });
      // The bureau: two officers who see every unit.
      const office = await db.prisma.unit.create({ data: { code: "JYJ", name: "教育局", kind: "科室" } });
      for (const u of ["viewer_a", "viewer_b"]) {
        const p = await db.prisma.person.create({ data: { userid: u, useridKey: u, name: u, unitId: office.id } });
        await db.prisma.personRole.create({ data: { personId: p.id, role: "viewer" } });
      }
    } finally {
      await db.close();
    }
    const bot = new BotProcess(await freePort(), { DATABASE_URL: url, WECOM_API_BASE: w.url, PUBLIC_URL });
    await bot.start();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
    try {
      const viewers = [new Browser(bot.url, agent), new Browser(bot.url, agent)];
      const principals = [0, 1, 2].map(() => new Browser(bot.url, agent));
      const failures: string[] = [];
      const signedIn = [
        ...(await Promise.all(viewers.map((b, i) => b.login(w, i ? "viewer_b" : "viewer_a")))),
        ...(await Promise.all(principals.map((b, i) => b.login(w, `bench_p_${i * 7}`)))),
      ];
      if (signedIn.some((ok) => !ok)) failures.push("storm: not every officer or principal could sign in");
      const until = performance.now() + seconds * 1000;
      const viewerMs: number[] = [];
      const principalMs: number[] = [];
      let busy = 0;
      const exportsDone = { county: 0, school: 0, busy: 0, slowestS: 0 };
      const reload = async (b: Browser, into: number[]) => {
        while (performance.now() < until) {
          const r = await b.get("/dashboard");
          if (r.status === 200) into.push(r.ms);
          else if (r.status === 503) busy++;
          else failures.push(`storm: an overview answered ${r.status}`);
        }
      };
      const exporting = async (b: Browser, path: string, which: "county" | "school") => {
        while (performance.now() < until) {
          const r = await b.get(path);
          if (r.status === 200) {
            exportsDone[which]++;
            exportsDone.slowestS = Math.max(exportsDone.slowestS, r.ms / 1000);
          } else if (r.status === 429) {
            exportsDone.busy++;
            await new Promise((x) => setTimeout(x, 500));
          } else failures.push(`storm: an export answered ${r.status}`);
        }
      };
      const chat = chatter(bot, agent);
      const talking = (async () => {
        const pending: Promise<void>[] = [];
        for (let i = 0; performance.now() < until; i++) {
          pending.push(chat.say(`bench_p_${(i * 13) % schools}`, i % 2 ? "帮助" : "我的"));
          await new Promise((r) => setTimeout(r, 100));
        }
        await Promise.all(pending);
      })();
      const [first, second] = viewers as [Browser, Browser];
      await Promise.all([
        reload(first, viewerMs),
        reload(second, viewerMs),
        ...principals.map((p) => reload(p, principalMs)),
        exporting(first, `/dashboard/export?report=${encodeURIComponent("安全检查")}&period=${encodeURIComponent("本月")}`, "county"),
        exporting(second, `/dashboard/export?report=${encodeURIComponent("课后服务")}&period=${encodeURIComponent("上月")}`, "county"),
        ...principals.map((p) =>
          exporting(
            p,
            `/dashboard/export?report=${encodeURIComponent("课后服务")}&period=${encodeURIComponent("2018-01..2026-10")}`,
            "school",
          ),
        ),
        talking,
      ]);
      const late = chat.answers.filter((a) => a.status !== 200 || a.ms >= DEADLINE_MS);
      if (late.length) failures.push(`storm: ${late.length} of ${chat.answers.length} callbacks not answered 200 within 5 s`);
      if (chat.answers.length < seconds * 5) failures.push(`storm: only ${chat.answers.length} callbacks answered`);
      if (!viewerMs.length || !principalMs.length) failures.push("storm: no overview was served");
      if (!exportsDone.county || !exportsDone.school) failures.push("storm: no export was served");
      return {
        schools,
        seconds,
        overviews: {
          viewer: viewerMs.length,
          principal: principalMs.length,
          busy,
          viewerMedianMs: Math.round(median(viewerMs)),
          principalMedianMs: Math.round(median(principalMs)),
        },
        exports: exportsDone,
        callbacks: chat.answers.length,
        late: late.length,
        slowestMs: Math.round(Math.max(0, ...chat.answers.map((a) => a.ms))),
        logs: bot.logs,
        failures,
      };
    } finally {
      agent.destroy();
      await bot.stop();
    }
  } finally {
    scratch.remove();
  }
}
