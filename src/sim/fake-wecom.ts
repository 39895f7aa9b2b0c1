/**
 * A fake WeCom API server (Koa), faithful enough for the bot's tests and the
 * local simulator: gettoken, message/send, appchat/create, appchat/send,
 * webhook/send, webhook/upload_media, media/upload, media/get, menu/create,
 * with WeCom's error codes, byte limits, the robot's 20/minute limit and the
 * app-message duplicate check on an injectable clock; switchable failures;
 * and a record of every delivered message.
 */
import { createHash, randomBytes } from "node:crypto";
import Router from "@koa/router";
import Koa, { type Context } from "koa";
import { type Clock, systemClock } from "../clock.js";
import { ROBOT_MARKDOWN_MAX_BYTES, ROBOT_PER_MINUTE, TEXT_MAX_BYTES, TOUSER_MAX } from "../wecom/limits.js";
import { FakeCards, type SentCard } from "./fake-cards.js";

export type Delivery = {
  channel: "app" | "appchat" | "robot";
  /** userids (app), chatid (appchat) or the robot's name (robot). */
  to: string[];
  msgtype: string;
  content: string;
  mentioned: string[];
  at: Date;
  /** A file or image: its bytes and the name people see. */
  media?: { name: string; data: Buffer };
  /** A template card (its buttons to tap), or — msgtype update_template_card — the card a tap changed. */
  card?: SentCard;
};

/** An upload as it reached WeCom: the part's header bytes as sent (file names must be raw UTF-8 there). */
export type Upload = { path: string; type: string; disposition: Buffer; name: string; size: number };

export type Failure = {
  /** API path, e.g. "/cgi-bin/message/send"; any path when omitted. */
  path?: string;
  /** Answer this errcode (HTTP 200). */
  errcode?: number;
  /** Answer this HTTP status instead. */
  status?: number;
  /** Wait this long (real time) before answering. */
  delayMs?: number;
  /** How many calls it applies to; unlimited when omitted. */
  times?: number;
};

export type FakeWeComOptions = {
  corpId: string;
  secret: string;
  agentId: string;
  clock?: Clock;
  /** Known userids; message/send reports others as invalid. Empty: everyone is known. */
  users?: string[];
  /** Robot webhook keys and a name for each, or a lookup (the simulator asks its database). */
  robots?: Record<string, string> | ((key: string) => Promise<string | null>);
  /** Accept appchat/send to chats this fake never created (the simulator's bound app chats). */
  autoCreateChats?: boolean;
  tokenTtlSeconds?: number;
};

const ERR = {
  ok: [0, "ok"],
  invalidSecret: [40001, "invalid credential"],
  invalidMsgType: [40008, "invalid message type"],
  invalidCorpId: [40013, "invalid corpid"],
  invalidToken: [40014, "invalid access_token"],
  missingToken: [41001, "access_token missing"],
  expiredToken: [42001, "access_token expired"],
  emptyContent: [44004, "empty content"],
  tooLong: [45002, "content size out of limit"],
  rateLimited: [45009, "reach max api daily quota limit"],
  invalidMedia: [40007, "invalid media_id"],
  invalidParam: [40035, "invalid args"],
  invalidMediaType: [40004, "invalid media type"],
  emptyMedia: [44001, "empty media data"],
  mediaTooLarge: [45001, "media size out of limit"],
  allInvalid: [81013, "user & party & tag all invalid"],
  invalidRobotKey: [93000, "invalid webhook url"],
} as const;

type Answer = readonly [number, string];

export class FakeWeCom {
  readonly app: Koa;
  readonly deliveries: Delivery[] = [];
  readonly menus: unknown[] = [];
  /** Template cards sent, taps, and updates (fake-cards.ts). */
  readonly cards = new FakeCards(() => this.#now());
  readonly calls: { path: string; at: Date }[] = [];
  /** Every access_token handed out (the reliability run checks none reaches a log). */
  readonly issuedTokens: string[] = [];
  /** App messages WeCom's duplicate check dropped (resends after a crash). */
  droppedDuplicates = 0;
  /** Answer sends this much later after accepting them (widens the window a crash can fall into). */
  answerDelayMs = 0;
  #failures: (Failure & { used: number })[] = [];
  readonly #tokens = new Map<string, number>();
  readonly #robotSends = new Map<string, number[]>();
  readonly #dupes = new Map<string, number>();
  readonly #media = new Map<string, { data: Buffer; contentType: string; name?: string; robotKey?: string }>();
  /** Every media upload, in order. */
  readonly uploads: Upload[] = [];
  readonly #mediaAnswers = new Map<string, (ctx: Context) => void | Promise<void>>();
  readonly #chats = new Map<string, string[]>();
  readonly #o: Required<FakeWeComOptions>;
  /** Extra listeners: the simulator page pushes deliveries to the browser. */
  readonly listeners = new Set<(d: Delivery) => void>();

  constructor(options: FakeWeComOptions) {
    this.#o = { clock: systemClock, users: [], robots: {}, tokenTtlSeconds: 7200, autoCreateChats: false, ...options };
    this.app = new Koa();
    this.app.silent = true;
    const router = new Router();
    router.get("/cgi-bin/gettoken", (ctx) => this.#gettoken(ctx));
    router.post("/cgi-bin/message/send", (ctx) => this.#authed(ctx, (body) => this.#messageSend(body)));
    router.post("/cgi-bin/message/update_template_card", (ctx) => this.#authed(ctx, (body) => this.#updateCard(body)));
    router.post("/cgi-bin/appchat/create", (ctx) => this.#authed(ctx, (body) => this.#appchatCreate(body)));
    router.post("/cgi-bin/appchat/send", (ctx) => this.#authed(ctx, (body) => this.#appchatSend(body)));
    router.post("/cgi-bin/menu/create", (ctx) => this.#authed(ctx, (body) => this.#menuCreate(body)));
    router.post("/cgi-bin/media/upload", (ctx) => this.#authed(ctx, () => this.#upload(ctx, null)));
    router.get("/cgi-bin/media/get", (ctx) => this.#mediaGet(ctx));
    router.get("/cgi-bin/auth/getuserinfo", (ctx) => this.#getUserInfo(ctx));
    router.post("/cgi-bin/webhook/send", (ctx) => this.#robot(ctx, (body, name) => this.#webhookSend(body, name, String(ctx.query.key))));
    router.post("/cgi-bin/webhook/upload_media", (ctx) => this.#robot(ctx, () => this.#upload(ctx, String(ctx.query.key))));
    this.app.use(async (ctx, next) => {
      this.calls.push({ path: ctx.path, at: new Date(this.#now()) });
      const f = this.#failures.find((x) => (!x.path || x.path === ctx.path) && (x.times === undefined || x.used < x.times));
      if (f) {
        f.used++;
        if (f.delayMs) await new Promise((r) => setTimeout(r, f.delayMs));
        if (f.status) {
          ctx.status = f.status;
          ctx.body = "fake failure";
          return;
        }
        if (f.errcode !== undefined) {
          ctx.body = { errcode: f.errcode, errmsg: "injected failure" };
          return;
        }
      }
      await next();
      if (this.answerDelayMs && ctx.path.endsWith("/send")) await new Promise((r) => setTimeout(r, this.answerDelayMs));
    });
    this.app.use(router.routes());
  }

  // ---- test controls ------------------------------------------------------------

  fail(failure: Failure): void {
    this.#failures.push({ ...failure, used: 0 });
  }
  clearFailures(): void {
    this.#failures = [];
  }
  /** Invalidates every issued access_token (WeCom may do so early). */
  invalidateTokens(): void {
    this.#tokens.clear();
  }
  /** Registers a media id whose media/get answer the test writes itself (huge, slow, redirected, not an image…). */
  addMediaAnswer(respond: (ctx: Context) => void | Promise<void>): string {
    const id = `media_${randomBytes(12).toString("hex")}`;
    this.#mediaAnswers.set(id, respond);
    return id;
  }
  /** Registers a user's media (an image they sent) for media/get. */
  addMedia(data: Buffer, contentType = "image/jpeg"): string {
    const id = `media_${randomBytes(12).toString("hex")}`;
    this.#media.set(id, { data, contentType });
    return id;
  }
  deliveriesTo(to: string): Delivery[] {
    return this.deliveries.filter((d) => d.to.includes(to));
  }

  // ---- internals ---------------------------------------------------------------------

  #now(): number {
    return this.#o.clock.now().getTime();
  }

  #answer(ctx: Context, [errcode, errmsg]: Answer, extra: Record<string, unknown> = {}): void {
    ctx.body = { errcode, errmsg, ...extra };
  }

  #gettoken(ctx: Context): void {
    if (ctx.query.corpid !== this.#o.corpId) {
      this.#answer(ctx, ERR.invalidCorpId);
      return;
    }
    if (ctx.query.corpsecret !== this.#o.secret) {
      this.#answer(ctx, ERR.invalidSecret);
      return;
    }
    const token = randomBytes(24).toString("hex");
    this.#tokens.set(token, this.#now() + this.#o.tokenTtlSeconds * 1000);
    this.issuedTokens.push(token);
    this.#answer(ctx, ERR.ok, { access_token: token, expires_in: this.#o.tokenTtlSeconds });
  }

  async #json(ctx: Context): Promise<Record<string, unknown> | null> {
    const chunks: Buffer[] = [];
    for await (const c of ctx.req) chunks.push(c as Buffer);
    try {
      const v = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      return v && typeof v === "object" ? (v as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }

  async #authed(
    ctx: Context,
    fn: (body: Record<string, unknown>) => Answer | [Answer, Record<string, unknown>] | Promise<Answer | [Answer, Record<string, unknown>]>,
  ): Promise<void> {
    if (!this.#tokenOk(ctx)) return;
    const isJson = ctx.path !== "/cgi-bin/media/upload";
    const body = isJson ? await this.#json(ctx) : {};
    if (!body) {
      this.#answer(ctx, ERR.invalidParam);
      return;
    }
    const r = await fn(body);
    if (Array.isArray(r[0])) this.#answer(ctx, r[0] as Answer, r[1] as Record<string, unknown>);
    else this.#answer(ctx, r as Answer);
  }

  async #robot(
    ctx: Context,
    fn: (
      body: Record<string, unknown>,
      name: string,
    ) => Answer | [Answer, Record<string, unknown>] | Promise<Answer | [Answer, Record<string, unknown>]>,
  ): Promise<void> {
    const key = typeof ctx.query.key === "string" ? ctx.query.key : "";
    const robots = this.#o.robots;
    const name = typeof robots === "function" ? await robots(key) : robots[key];
    if (!name) {
      this.#answer(ctx, ERR.invalidRobotKey);
      return;
    }
    const isJson = ctx.path === "/cgi-bin/webhook/send";
    const body = isJson ? await this.#json(ctx) : {};
    if (!body) {
      this.#answer(ctx, ERR.invalidParam);
      return;
    }
    if (isJson) {
      const now = this.#now();
      const recent = (this.#robotSends.get(key) ?? []).filter((t) => t > now - 60_000);
      if (recent.length >= ROBOT_PER_MINUTE) {
        this.#robotSends.set(key, recent);
        this.#answer(ctx, ERR.rateLimited);
        return;
      }
      recent.push(now);
      this.#robotSends.set(key, recent);
    }
    const r = await fn(body, name);
    if (Array.isArray(r[0])) this.#answer(ctx, r[0] as Answer, r[1] as Record<string, unknown>);
    else this.#answer(ctx, r as Answer);
  }

  #record(d: Omit<Delivery, "at">): void {
    const delivery = { ...d, at: new Date(this.#now()) };
    this.deliveries.push(delivery);
    for (const l of this.listeners) l(delivery);
  }

  /** Text or markdown content of a message body, with its byte limit; an error answer otherwise. */
  #content(
    body: Record<string, unknown>,
    limits: Record<string, number>,
    robotKey: string | null = null,
  ): { msgtype: string; content: string; mentioned: string[]; media?: Delivery["media"] } | Answer {
    const msgtype = String(body.msgtype ?? "");
    if (msgtype === "template_card") return { msgtype, content: JSON.stringify(body.template_card ?? {}), mentioned: [] };
    if (msgtype === "image" && (body.image as { media_id?: string } | undefined)?.media_id === undefined) {
      const img = body.image as { base64?: string; md5?: string } | undefined;
      const data = Buffer.from(img?.base64 ?? "", "base64");
      if (!data.length || createHash("md5").update(data).digest("hex") !== img?.md5) return ERR.invalidParam;
      if (data.length > 2 * 1024 * 1024) return ERR.mediaTooLarge;
      return { msgtype, content: `[image ${data.length} bytes]`, mentioned: [], media: { name: "", data } };
    }
    if (msgtype === "file" || msgtype === "image") {
      const id = (body[msgtype] as { media_id?: string } | undefined)?.media_id ?? "";
      const m = this.#media.get(id);
      // A robot's upload serves only that robot; an app's upload serves only the app.
      if (!m || (m.robotKey ?? null) !== robotKey) return ERR.invalidMedia;
      const name = m.name ?? "";
      return { msgtype, content: `[${msgtype} ${name} ${m.data.length} bytes]`, mentioned: [], media: { name, data: m.data } };
    }
    const limit = limits[msgtype];
    if (limit === undefined) return ERR.invalidMsgType;
    const part = body[msgtype] as { content?: unknown; mentioned_list?: unknown } | undefined;
    const content = typeof part?.content === "string" ? part.content : "";
    if (!content) return ERR.emptyContent;
    if (Buffer.byteLength(content, "utf8") > limit) return ERR.tooLong;
    const mentioned = Array.isArray(part?.mentioned_list) ? part.mentioned_list.map(String) : [];
    return { msgtype, content, mentioned };
  }

  #messageSend(body: Record<string, unknown>): Answer | [Answer, Record<string, unknown>] {
    if (String(body.agentid) !== this.#o.agentId) return ERR.invalidParam;
    const c = this.#content(body, { text: TEXT_MAX_BYTES, markdown: TEXT_MAX_BYTES });
    if (Array.isArray(c)) return c as Answer;
    const { msgtype, content, mentioned, media } = c as Exclude<typeof c, Answer>;
    const touser = String(body.touser ?? "")
      .split("|")
      .filter(Boolean);
    if (touser.length === 0 || touser.length > TOUSER_MAX) return ERR.invalidParam;
    const known = this.#o.users.length ? new Set(this.#o.users.map((u) => u.toLowerCase())) : null;
    const valid = known ? touser.filter((u) => known.has(u.toLowerCase())) : touser;
    const invalid = touser.filter((u) => !valid.includes(u));
    if (valid.length === 0) return [ERR.allInvalid, { invaliduser: invalid.join("|") }];
    let deliverTo = valid;
    if (Number(body.enable_duplicate_check) === 1) {
      const interval = Math.min(Number(body.duplicate_check_interval ?? 1800), 14_400) * 1000;
      const now = this.#now();
      deliverTo = valid.filter((u) => {
        const k = createHash("sha1").update(`${u}\u0000${msgtype}\u0000${content}`).digest("hex");
        const last = this.#dupes.get(k);
        if (last !== undefined && now - last < interval) {
          this.droppedDuplicates++;
          return false; // WeCom drops it silently
        }
        this.#dupes.set(k, now);
        return true;
      });
    }
    const answer = { invaliduser: invalid.join("|"), invalidparty: "", invalidtag: "" };
    if (msgtype === "template_card") {
      // A copy the duplicate check dropped is answered ok before its (reused) task id is looked at.
      if (!deliverTo.length) return [ERR.ok, answer];
      const card = this.cards.check(body.template_card, deliverTo);
      if (Array.isArray(card)) return card as unknown as Answer;
      const sent = card as SentCard;
      const responseCode = this.cards.keep(sent);
      this.#record({ channel: "app", to: deliverTo, msgtype, content, mentioned, card: sent });
      return [ERR.ok, { ...answer, response_code: responseCode }];
    }
    if (deliverTo.length) this.#record({ channel: "app", to: deliverTo, msgtype, content, mentioned, media });
    return [ERR.ok, answer];
  }

  #updateCard(body: Record<string, unknown>): Answer {
    if (String(body.agentid) !== this.#o.agentId) return [301002, "agentid mismatch"];
    const r = this.cards.update(body);
    if (r[0] !== 0) return r;
    const u = this.cards.updates.at(-1);
    const card = u ? this.cards.sent.get(u.taskId) : undefined;
    if (u)
      this.#record({
        channel: "app",
        to: u.userids,
        msgtype: "update_template_card",
        content: u.replaceName,
        mentioned: [],
        ...(card ? { card } : {}),
      });
    return ERR.ok;
  }

  #appchatCreate(body: Record<string, unknown>): Answer | [Answer, Record<string, unknown>] {
    const users = Array.isArray(body.userlist) ? body.userlist.map(String) : [];
    if (users.length < 2 || users.length > 2000) return ERR.invalidParam;
    const chatid = typeof body.chatid === "string" && body.chatid ? body.chatid : randomBytes(8).toString("hex");
    if (!/^[0-9a-zA-Z]{1,32}$/.test(chatid)) return ERR.invalidParam;
    this.#chats.set(chatid, users);
    return [ERR.ok, { chatid }];
  }

  #appchatSend(body: Record<string, unknown>): Answer {
    const chatid = String(body.chatid ?? "");
    if (!this.#chats.has(chatid) && !this.#o.autoCreateChats) return [86003, "chat not found"];
    const c = this.#content(body, { text: TEXT_MAX_BYTES, markdown: TEXT_MAX_BYTES });
    if (Array.isArray(c)) return c as Answer;
    const { msgtype, content, media } = c as Exclude<typeof c, Answer>;
    this.#record({ channel: "appchat", to: [chatid], msgtype, content, mentioned: [], media });
    return ERR.ok;
  }

  #webhookSend(body: Record<string, unknown>, name: string, key: string): Answer {
    const limits = { text: TEXT_MAX_BYTES, markdown: ROBOT_MARKDOWN_MAX_BYTES, markdown_v2: ROBOT_MARKDOWN_MAX_BYTES };
    const c = this.#content(body, limits, key);
    if (Array.isArray(c)) return c as Answer;
    const { msgtype, content, mentioned, media } = c as Exclude<typeof c, Answer>;
    this.#record({ channel: "robot", to: [name], msgtype, content, mentioned, media });
    return ERR.ok;
  }

  #menuCreate(body: Record<string, unknown>): Answer {
    if (!Array.isArray(body.button) || body.button.length === 0 || body.button.length > 3) return ERR.invalidParam;
    this.menus.push(body);
    return ERR.ok;
  }

  /** media/upload (robotKey null) or a robot's webhook/upload_media: one multipart part named `media`, checked as WeCom does. */
  async #upload(ctx: Context, robotKey: string | null): Promise<Answer | [Answer, Record<string, unknown>]> {
    const type = String(ctx.query.type ?? "");
    if (!["file", "image", "voice", "video"].includes(type)) return [[40005, "invalid file type"], {}];
    const chunks: Buffer[] = [];
    for await (const c of ctx.req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(ctx.get("content-type"));
    const b = boundary?.[1] ?? boundary?.[2];
    const start = raw.indexOf("\r\n\r\n");
    const end = b ? raw.lastIndexOf(`\r\n--${b}`) : -1;
    if (!b || start < 0 || end <= start) return ERR.emptyMedia;
    const head = raw.subarray(0, start);
    const data = raw.subarray(start + 4, end);
    const line = head
      .toString("latin1")
      .split("\r\n")
      .find((l) => /^content-disposition:/i.test(l));
    const disposition = Buffer.from(line ?? "", "latin1");
    if (!/\bname="media"/.test(line ?? "")) return ERR.emptyMedia;
    // The name as WeCom reads it: the raw bytes inside filename="…" as UTF-8 (filename*= is not understood).
    const name = /filename="([^"]*)"/.exec(disposition.toString("utf8"))?.[1] ?? "";
    this.uploads.push({ path: ctx.path, type, disposition, name, size: data.length });
    if (data.length <= 5) return ERR.emptyMedia;
    const max = type === "image" ? 10 * 1024 * 1024 : 20 * 1024 * 1024;
    if (data.length > max) return ERR.mediaTooLarge;
    const png = data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const jpeg = data[0] === 0xff && data[1] === 0xd8;
    if (type === "image" && !png && !jpeg) return ERR.invalidMediaType;
    const id = `media_${randomBytes(12).toString("hex")}`;
    this.#media.set(id, {
      data,
      contentType: png ? "image/png" : jpeg ? "image/jpeg" : "application/octet-stream",
      name,
      ...(robotKey ? { robotKey } : {}),
    });
    return [ERR.ok, { type, media_id: id, created_at: String(Math.floor(this.#now() / 1000)) }];
  }

  /** Checks access_token as WeCom does (41001 missing, 40014 invalid, 42001 expired); answers and returns false when bad. */
  #tokenOk(ctx: Context): boolean {
    const token = typeof ctx.query.access_token === "string" ? ctx.query.access_token : "";
    const exp = this.#tokens.get(token);
    const bad = !token ? ERR.missingToken : exp === undefined ? ERR.invalidToken : exp <= this.#now() ? ERR.expiredToken : null;
    if (bad) this.#answer(ctx, bad);
    return bad === null;
  }

  readonly #loginCodes = new Map<string, { userid: string | null; until: number }>();

  /**
   * A login code as WeCom hands one to the browser after OAuth or web login: for a member's userid, or (null)
   * for someone outside the corp. Exchanged once, within 5 minutes (auth/getuserinfo); 40029 otherwise.
   */
  loginCode(userid: string | null): string {
    const code = randomBytes(24).toString("hex");
    this.#loginCodes.set(code, { userid, until: this.#now() + 5 * 60_000 });
    return code;
  }

  #getUserInfo(ctx: Context): void {
    if (!this.#tokenOk(ctx)) return;
    const code = String(ctx.query.code ?? "");
    const c = this.#loginCodes.get(code);
    this.#loginCodes.delete(code);
    if (!c || c.until <= this.#now()) {
      this.#answer(ctx, [40029, "invalid code"]);
      return;
    }
    this.#answer(ctx, [0, "ok"], c.userid ? { userid: c.userid, user_ticket: "" } : { openid: `o_${code.slice(0, 12)}` });
  }

  async #mediaGet(ctx: Context): Promise<void> {
    if (!this.#tokenOk(ctx)) return;
    const custom = this.#mediaAnswers.get(String(ctx.query.media_id ?? ""));
    if (custom) return custom(ctx);
    const m = this.#media.get(String(ctx.query.media_id ?? ""));
    if (!m) {
      this.#answer(ctx, ERR.invalidMedia);
      return;
    }
    ctx.type = m.contentType;
    ctx.body = m.data;
  }
}
