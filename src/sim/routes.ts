/**
 * /sim: the simulator's page and its small JSON API (simulator mode only).
 * Messages go through the real encrypted callback; what the fake WeCom
 * delivers is pushed to the page with server-sent events.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Router from "@koa/router";
import { Resvg } from "@resvg/resvg-js";
import type { Context, Middleware } from "koa";
import { z } from "zod";
import { scheduleTexts } from "../../templates/schedules.js";
import type { Db } from "../db/client.js";
import { AppError } from "../errors.js";
import type { AppState } from "../http/state.js";
import { deadlineOf, next, openPeriod, weekOf } from "../reports/periods.js";
import { describeRule, RuleSchema } from "../schedule/phrases.js";
import { atLocal, localDate } from "../time/zoned.js";
import { newMsgId } from "./callback-sender.js";
import type { Delivery } from "./fake-wecom.js";
import type { Simulator } from "./simulator.js";
import { Transcripts } from "./transcript.js";

/** The simulator's bureau group with the intelligent bot in it. */
export const SIM_GROUP_CHAT = "sim-bureau-group";

const PUBLIC = path.join(path.dirname(fileURLToPath(import.meta.url)), "public");

async function json<T>(ctx: Context, schema: z.ZodType<T>): Promise<T> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of ctx.req) {
    size += (c as Buffer).length;
    if (size > 16_384) throw new AppError("PAYLOAD_TOO_LARGE", "请求体过大");
    chunks.push(c as Buffer);
  }
  let data: unknown;
  try {
    data = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
  } catch {
    throw new AppError("BAD_REQUEST", "请求不是有效的 JSON");
  }
  const r = schema.safeParse(data);
  if (!r.success) throw new AppError("BAD_REQUEST", "请求字段有误");
  return r.data;
}

const view = (d: Delivery, index: number) => ({
  index,
  channel: d.channel,
  to: d.to,
  msgtype: d.msgtype,
  content: d.content,
  mentioned: d.mentioned,
  at: d.at.toISOString(),
  // A card with its buttons; for an update (msgtype update_template_card), which card it changed (content: the note).
  ...(d.card
    ? {
        card: {
          taskId: d.card.taskId,
          title: d.card.title,
          description: d.card.description,
          fields: d.card.fields,
          buttons: d.card.buttons,
        },
      }
    : {}),
  // A file or image: its name and size; the bytes at /sim/api/media/<index>.
  ...(d.media ? { media: { name: d.media.name, size: d.media.data.length } } : {}),
});

/** The simulator's camera: a 240 × 160 PNG drawn once with resvg (no font needed: shapes only). */
const CAMERA_PNG = Buffer.from(
  new Resvg(
    `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="160"><rect width="240" height="160" fill="#dfe6ee"/><rect x="150" y="30" width="60" height="120" fill="#3b7d3b"/><rect x="160" y="40" width="40" height="14" fill="#fff"/><rect x="40" y="90" width="50" height="60" fill="#b7864f"/><rect x="80" y="105" width="55" height="45" fill="#a0723f"/><rect x="55" y="60" width="40" height="32" fill="#c89a62"/></svg>`,
  )
    .render()
    .asPng(),
);

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/**
 * The simulator has no login: anyone who reaches it can act as anyone on the roster. So it answers only
 * requests for this machine (unless HOST was set: a demo on purpose), and changes state only on JSON from
 * its own page — a form post or a text/plain fetch from another web page is refused before it is read.
 */
function ownPageOnly(anyHost: boolean): Middleware<AppState> {
  return async (ctx, next) => {
    if (!anyHost && !LOOPBACK.has(ctx.hostname)) throw new AppError("FORBIDDEN", "模拟器只接受本机访问（http://localhost）");
    if (ctx.method !== "GET" && ctx.method !== "HEAD") {
      const origin = ctx.get("origin");
      const site = ctx.get("sec-fetch-site");
      if ((origin && origin !== `${ctx.protocol}://${ctx.host}`) || (site && site !== "same-origin" && site !== "none"))
        throw new AppError("FORBIDDEN", "只接受模拟器页面自己的请求");
      if (!ctx.is("application/json")) throw new AppError("UNSUPPORTED_MEDIA_TYPE", "请求应为 JSON（application/json）");
    }
    await next();
  };
}

export function simRoutes(sim: Simulator, db: Db, tz: string, opts: { anyHost?: boolean } = {}): Router<AppState> {
  const router = new Router<AppState>({ prefix: "/sim" });
  router.use(ownPageOnly(opts.anyHost ?? false));
  // The chats as the page showed them: a reload draws them again (GET /api/threads).
  const transcripts = new Transcripts();
  sim.fake.listeners.add((d) => transcripts.delivered(view(d, sim.fake.deliveries.indexOf(d))));
  router.get("/api/threads", (ctx) => {
    ctx.body = transcripts.all();
  });
  const file = (name: string, type: string) => (ctx: Context) => {
    ctx.type = type;
    ctx.set("Cache-Control", "no-store");
    ctx.body = readFileSync(path.join(PUBLIC, name));
  };
  router.get("/", file("index.html", "text/html; charset=utf-8"));
  router.get("/app.js", file("app.js", "text/javascript; charset=utf-8"));

  router.get("/api/people", async (ctx) => {
    const q = typeof ctx.query.q === "string" ? ctx.query.q.trim() : "";
    const people = await db.person.findMany({
      where: {
        active: true,
        ...(q ? { OR: [{ name: { contains: q } }, { userid: { contains: q } }, { unit: { name: { contains: q } } }] } : {}),
      },
      include: { unit: true, roles: true },
      orderBy: { id: "asc" },
      take: 40,
    });
    ctx.body = people.map((p) => ({ userid: p.userid, name: p.name, unit: p.unit.name, roles: p.roles.map((r) => r.role) }));
  });

  const deliver = async (ctx: Context, userid: string, xml: string) => {
    const r = await sim.sender().deliver(xml);
    if (r.passive) transcripts.add(userid, { who: "bot", text: r.passive, md: false });
    ctx.body = { status: r.status, reply: r.passive };
  };
  router.post("/api/say", async (ctx) => {
    const b = await json(ctx, z.object({ userid: z.string().min(1).max(64), text: z.string().max(5000) }));
    transcripts.add(b.userid, { who: "me", text: b.text, md: false });
    await deliver(ctx, b.userid, sim.sender().textXml(b.userid, b.text, newMsgId()));
  });
  router.post("/api/photo", async (ctx) => {
    const b = await json(ctx, z.object({ userid: z.string().min(1).max(64) }));
    // A drawn picture (a blocked exit: a door and boxes) stands in for the camera.
    const mediaId = sim.fake.addMedia(CAMERA_PNG, "image/png");
    transcripts.add(b.userid, { who: "me", text: "📷 [照片]", md: false });
    await deliver(ctx, b.userid, sim.sender().imageXml(b.userid, mediaId, newMsgId()));
  });

  router.post("/api/tap", async (ctx) => {
    const b = await json(
      ctx,
      z.object({ userid: z.string().min(1).max(64), taskId: z.string().min(1).max(128), key: z.string().min(1).max(1024) }),
    );
    let tap: ReturnType<typeof sim.fake.cards.tap>;
    try {
      tap = sim.fake.cards.tap(b.userid, b.taskId, b.key);
    } catch {
      throw new AppError("CONFLICT", "这张卡片的按钮已不能点（已更新，或不是发给这个人的）");
    }
    const label = sim.fake.cards.sent.get(b.taskId)?.buttons.find((x) => x.key === b.key)?.text ?? b.key;
    transcripts.add(b.userid, { who: "me", text: `👆 ${label}`, md: false });
    await deliver(ctx, b.userid, sim.sender().cardEventXml(b.userid, tap));
  });

  // The group chat with the intelligent bot: a message (as typed, e.g. "@机器人 汇总") from this person in the
  // simulator's group, over the long connection; the bot's answer on that message.
  router.post("/api/group-say", async (ctx) => {
    const b = await json(ctx, z.object({ userid: z.string().min(1).max(64), text: z.string().min(1).max(2000) }));
    const fake = sim.aibot.fake;
    if (!fake.live) throw new AppError("SERVICE_UNAVAILABLE", "智能机器人的长连接还没有建立，请稍后再试");
    const name = (await db.person.findUnique({ where: { useridKey: b.userid.toLowerCase() }, select: { name: true } }))?.name ?? b.userid;
    transcripts.addGroup({ who: name, text: b.text, bot: false });
    const frame = fake.text(b.userid, b.text, { chatid: SIM_GROUP_CHAT });
    const deadline = Date.now() + 15_000;
    const answered = () => fake.repliesTo(frame.headers.req_id).filter((r) => r.errcode === 0);
    while (!answered().length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 50));
    const replies = answered().map((r) => String((r.body.markdown as { content?: unknown } | undefined)?.content ?? ""));
    for (const reply of replies) transcripts.addGroup({ who: "智能机器人", text: reply, bot: true });
    ctx.body = { replies };
  });

  router.get("/api/messages", (ctx) => {
    ctx.body = sim.fake.deliveries.map((d, i) => view(d, i));
  });
  // A delivered file (an export) or image (a chart), to download or show: by its place in the list.
  router.get("/api/media/:index", (ctx) => {
    const i = Number(ctx.params.index);
    const d = Number.isInteger(i) && i >= 0 ? sim.fake.deliveries[i] : undefined;
    if (!d?.media) throw new AppError("NOT_FOUND", "没有这个文件");
    const png = d.msgtype === "image";
    ctx.type = png ? "image/png" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    if (!png) ctx.set("Content-Disposition", `attachment; filename*=UTF-8''${encodeURIComponent(d.media.name || "file")}`);
    ctx.set("Cache-Control", "no-store");
    ctx.set("X-Content-Type-Options", "nosniff");
    ctx.body = d.media.data;
  });
  router.get("/api/groups", async (ctx) => {
    const groups = await db.groupChat.findMany({ orderBy: { name: "asc" } });
    ctx.body = groups.map((g) => ({
      id: g.id,
      name: g.name,
      purpose: g.purpose,
      channel: g.channel,
      key: g.channel === "robot" ? g.name : (g.chatId ?? ""),
    }));
  });
  router.get("/api/schedules", async (ctx) => {
    const groups = new Map((await db.groupChat.findMany()).map((g) => [g.id, g.name]));
    const reminders = await db.reminder.findMany({ orderBy: { id: "asc" } });
    const digests = await db.digest.findMany({ orderBy: { id: "asc" } });
    const rule = (r: unknown) => {
      const p = RuleSchema.safeParse(r);
      return p.success ? describeRule(p.data) : "";
    };
    ctx.body = [
      ...reminders.map((r) => ({
        job: "reminder",
        id: r.id,
        label: `提醒 ${r.id}：${sim.wecom.kinds.byId(r.kind)?.name ?? r.kind} · ${rule(r.rule)}`,
        paused: r.paused,
      })),
      ...digests.map((d) => ({
        job: "digest",
        id: d.id,
        // Names, as the admin wrote them (课后服务), not the stored keys (afterschool).
        label: `摘要 ${d.id}：${scheduleTexts.contentNames[d.content] ?? sim.wecom.kinds.byId(d.content)?.name ?? d.content} · ${rule(d.rule)} → ${groups.get(d.groupId) ?? ""}`,
        paused: d.paused,
      })),
    ];
  });
  router.post("/api/fire", async (ctx) => {
    const b = await json(ctx, z.object({ job: z.enum(["reminder", "digest"]), id: z.number().int() }));
    await sim.wecom.scheduler?.fireNow(b.job, b.id);
    // A scheduled send waits a little (spread, off :00): move past it, as a clock button does.
    await sim.jump(new Date(sim.clock.now().getTime() + 3 * 60_000));
    ctx.body = { ok: true, now: sim.clock.now().toISOString() };
  });
  router.get("/api/clock", (ctx) => {
    ctx.body = { now: sim.clock.now().toISOString() };
  });
  router.post("/api/clock", async (ctx) => {
    const b = await json(ctx, z.object({ to: z.enum(["hour", "day", "deadline", "monday"]) }));
    const now = sim.clock.now();
    const today = localDate(now, tz);
    let to = now;
    if (b.to === "hour") to = new Date(now.getTime() + 3_600_000);
    if (b.to === "day") to = new Date(now.getTime() + 86_400_000);
    if (b.to === "monday") to = atLocal(next(weekOf(today)).start, 8, 0, tz);
    if (b.to === "deadline") {
      // The nearest deadline of this week's reports (周五 17:00): a minute past it.
      const dues = sim.wecom.kinds
        .all()
        .filter((k) => k.periodType === "week")
        .map((k) => deadlineOf(k.deadline, openPeriod(k.periodType, k.deadline, now, tz), tz))
        .filter((d): d is Date => d !== null && d > now)
        .sort((a, b) => a.getTime() - b.getTime());
      if (dues[0]) to = new Date(dues[0].getTime() + 60_000);
    }
    // Every reminder and digest due inside the jump fires, once each and in order (not only the latest of each).
    await sim.jump(to);
    ctx.body = { now: sim.clock.now().toISOString() };
  });

  router.get("/api/events", (ctx) => {
    ctx.req.socket.setTimeout(0);
    ctx.set({ "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store", Connection: "keep-alive" });
    ctx.status = 200;
    const res = ctx.res;
    ctx.respond = false;
    res.writeHead(200, { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store", Connection: "keep-alive" });
    res.write(": connected\n\n");
    const send = (d: Delivery) => res.write(`data: ${JSON.stringify(view(d, sim.fake.deliveries.indexOf(d)))}\n\n`);
    sim.fake.listeners.add(send);
    const ping = setInterval(() => res.write(": ping\n\n"), 15_000);
    ctx.req.on("close", () => {
      clearInterval(ping);
      sim.fake.listeners.delete(send);
    });
  });
  return router;
}
