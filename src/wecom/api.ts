/**
 * The outbound WeCom client (axios). access_token cached per app, refreshed
 * before expiry, one refresh in flight at a time; 40014 / 42001 → refresh and
 * retry once; −1 / 6000 / 45009 / 45033 / 5xx / timeouts → bounded retries
 * with exponential backoff and jitter on the injected clock; any other
 * errcode → WeComApiError. Secrets, tokens and robot keys never appear in
 * logs or errors.
 */
import { createHash } from "node:crypto";
import axios, { type AxiosInstance, isAxiosError } from "axios";
import { type Clock, systemClock } from "../clock.js";
import type { Logger } from "../log.js";
import { APP_MARKDOWN_MAX_BYTES, ROBOT_MARKDOWN_MAX_BYTES, ROBOT_TEXT_MAX_BYTES, TEXT_MAX_BYTES, TOUSER_MAX } from "./limits.js";
import { downloadMedia, type Media, type MediaLimits } from "./media.js";
import { mediaBody } from "./multipart.js";
import { splitByBytes } from "./split.js";

/** A failure WeCom reported (errcode ≠ 0), or a transport failure after retries (errcode −2). */
export class WeComApiError extends Error {
  /** WeCom's errmsg with anything that looks like a token or key removed: it is logged and stored (outbox lastError). */
  readonly errmsg: string;
  constructor(
    readonly errcode: number,
    errmsg: string,
    /** The API path, without query: never the token or the key. */
    readonly api: string,
  ) {
    const clean = scrubSecrets(errmsg);
    super(`WeCom ${api} errcode ${errcode}: ${clean}`);
    this.errmsg = clean;
    this.name = "WeComApiError";
  }
}

/**
 * Removes what may be a credential from text WeCom sends back: `key=…`, `access_token=…`, `secret=…`
 * values and any run of 20 or more letters, digits, `-` or `_` (tokens, robot keys, AES keys); keeps the
 * words, the error code and WeCom's "hint" id short enough to read. At most 300 characters.
 */
export function scrubSecrets(text: string): string {
  return text
    .replace(/\b(access_token|corpsecret|secret|key|token|code)(\s*[=:]\s*)[^\s&,;"']+/gi, "$1$2***")
    .replace(/[A-Za-z0-9_-]{20,}/g, "***")
    .slice(0, 300);
}

export const TOKEN_ERRCODES = new Set([40014, 42001, 41001]);
export const RETRY_ERRCODES = new Set([-1, 6000, 45009, 45033]);
const TRANSPORT_FAILURE = -2;

export type WeComApiOptions = {
  baseUrl: string;
  corpId: string;
  secret: string;
  agentId: string;
  clock?: Clock;
  logger?: Logger;
  /** Attempts for retryable failures (the first included). */
  maxAttempts?: number;
  /** First backoff; doubles each attempt, with ±25 % jitter. */
  backoffMs?: number;
  /** Backoff for frequency limits (45009): a robot's window is a minute. */
  rateLimitBackoffMs?: number;
  timeoutMs?: number;
  /** How long a photo's whole download may take (media/get). */
  mediaDeadlineMs?: number;
  random?: () => number;
};

export type AppMessage =
  | { msgtype: "text"; text: { content: string } }
  | { msgtype: "markdown"; markdown: { content: string } }
  | { msgtype: "template_card"; template_card: Record<string, unknown> }
  | { msgtype: "file"; file: { media_id: string } }
  | { msgtype: "image"; image: { media_id: string } };

/** App chats take text, Markdown, files and images (no template cards). */
export type AppChatMessage = Exclude<AppMessage, { msgtype: "template_card" }>;

export type SendResult = { invalidUsers: string[] };
type ApiAnswer = { errcode?: number; errmsg?: string; [k: string]: unknown };

export class WeComApi {
  readonly #http: AxiosInstance;
  readonly #o: Required<Omit<WeComApiOptions, "logger">> & { logger?: Logger };
  #token: { value: string; expiresAt: number } | null = null;
  #refreshing: Promise<string> | null = null;
  /** Counters, read by metrics and tests. */
  readonly stats = { tokenRefreshes: 0, retries: 0, errcodes: new Map<number, number>() };

  constructor(options: WeComApiOptions) {
    this.#o = {
      clock: systemClock,
      maxAttempts: 6,
      backoffMs: 500,
      rateLimitBackoffMs: 15_000,
      timeoutMs: 10_000,
      mediaDeadlineMs: 20_000,
      random: Math.random,
      ...options,
    };
    this.#http = axios.create({ baseURL: this.#o.baseUrl, timeout: this.#o.timeoutMs, validateStatus: () => true, proxy: false });
  }

  // ---- token --------------------------------------------------------------

  /** The cached token, refreshed 5 minutes before expiry; concurrent callers share one refresh. */
  async token(): Promise<string> {
    const now = this.#o.clock.now().getTime();
    if (this.#token && now < this.#token.expiresAt) return this.#token.value;
    this.#refreshing ??= this.#fetchToken().finally(() => {
      this.#refreshing = null;
    });
    return this.#refreshing;
  }

  invalidateToken(stale?: string): void {
    if (!stale || this.#token?.value === stale) this.#token = null;
  }

  async #fetchToken(): Promise<string> {
    const answer = await this.#request("/cgi-bin/gettoken", "GET", { corpid: this.#o.corpId, corpsecret: this.#o.secret });
    const value = answer.access_token;
    const expiresIn = Number(answer.expires_in ?? 7200);
    if (typeof value !== "string" || !value) throw new WeComApiError(TRANSPORT_FAILURE, "no access_token in answer", "/cgi-bin/gettoken");
    this.stats.tokenRefreshes++;
    this.#token = { value, expiresAt: this.#o.clock.now().getTime() + Math.max(60, expiresIn - 300) * 1000 };
    this.#o.logger?.info({ api: "gettoken", expiresIn }, "wecom token refreshed");
    return value;
  }

  // ---- transport ------------------------------------------------------------

  #delay(attempt: number, errcode: number): number {
    const base = errcode === 45009 ? this.#o.rateLimitBackoffMs : this.#o.backoffMs * 2 ** (attempt - 1);
    const capped = Math.min(base, 60_000);
    return Math.round(capped * (0.75 + this.#o.random() * 0.5));
  }

  /** One API call with retries; `params` may hold secrets: they never reach a log or an error. */
  async #request(
    api: string,
    method: "GET" | "POST",
    params: Record<string, string>,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<ApiAnswer> {
    for (let attempt = 1; ; attempt++) {
      let errcode: number;
      let errmsg: string;
      try {
        const res = await this.#http.request<ApiAnswer>({ url: api, method, params, data: body, headers });
        if (res.status >= 500) {
          errcode = TRANSPORT_FAILURE;
          errmsg = `HTTP ${res.status}`;
        } else if (res.status !== 200 || typeof res.data !== "object" || res.data === null) {
          throw new WeComApiError(TRANSPORT_FAILURE, `HTTP ${res.status}`, api);
        } else {
          errcode = Number(res.data.errcode ?? 0);
          errmsg = String(res.data.errmsg ?? "");
          if (errcode === 0) return res.data;
          this.stats.errcodes.set(errcode, (this.stats.errcodes.get(errcode) ?? 0) + 1);
          if (!RETRY_ERRCODES.has(errcode)) throw new WeComApiError(errcode, errmsg, api);
        }
      } catch (err) {
        if (err instanceof WeComApiError) throw err;
        if (!isAxiosError(err)) throw err;
        errcode = TRANSPORT_FAILURE;
        errmsg = err.code ?? "network error"; // never err.message: it may quote the URL
      }
      if (attempt >= this.#o.maxAttempts) throw new WeComApiError(errcode, errmsg, api);
      const wait = this.#delay(attempt, errcode);
      this.stats.retries++;
      this.#o.logger?.warn({ api, errcode, attempt, waitMs: wait }, "wecom call failed, retrying");
      await this.#o.clock.sleep(wait);
    }
  }

  /** A call that needs access_token: on an invalid or expired token, refresh once and retry. */
  async #authed(
    api: string,
    body: unknown,
    extra: Record<string, string> = {},
    method: "GET" | "POST" = "POST",
    headers?: Record<string, string>,
  ): Promise<ApiAnswer> {
    let token = await this.token();
    try {
      return await this.#request(api, method, { access_token: token, ...extra }, body, headers);
    } catch (err) {
      if (!(err instanceof WeComApiError) || !TOKEN_ERRCODES.has(err.errcode)) throw err;
      this.invalidateToken(token);
      token = await this.token();
      return this.#request(api, method, { access_token: token, ...extra }, body, headers);
    }
  }

  // ---- app messages -----------------------------------------------------------

  /** Sends one app message to up to any number of users (batched by 1000). */
  async sendAppMessage(touser: string[], message: AppMessage, opts: { duplicateCheckSeconds?: number } = {}): Promise<SendResult> {
    const invalidUsers: string[] = [];
    for (let i = 0; i < touser.length; i += TOUSER_MAX) {
      const batch = touser.slice(i, i + TOUSER_MAX);
      const answer = await this.#authed("/cgi-bin/message/send", {
        touser: batch.join("|"),
        agentid: Number(this.#o.agentId),
        ...message,
        ...(opts.duplicateCheckSeconds ? { enable_duplicate_check: 1, duplicate_check_interval: opts.duplicateCheckSeconds } : {}),
      });
      if (typeof answer.invaliduser === "string" && answer.invaliduser) invalidUsers.push(...answer.invaliduser.split("|"));
    }
    return { invalidUsers };
  }

  /**
   * Changes a sent card that a person tapped: its buttons greyed, `replaceName` on them
   * (message/update_template_card; recipients as arrays here, unlike message/send). A response code works once.
   */
  async updateTemplateCard(userids: string[], responseCode: string, replaceName: string): Promise<void> {
    await this.#authed("/cgi-bin/message/update_template_card", {
      userids,
      agentid: Number(this.#o.agentId),
      response_code: responseCode,
      button: { replace_name: replaceName },
    });
  }

  /** Text to users, split by 2048 UTF-8 bytes. */
  async sendText(touser: string[], content: string, opts: { duplicateCheckSeconds?: number } = {}): Promise<SendResult> {
    const invalid = new Set<string>();
    for (const part of splitByBytes(content, TEXT_MAX_BYTES)) {
      for (const u of (await this.sendAppMessage(touser, { msgtype: "text", text: { content: part } }, opts)).invalidUsers) invalid.add(u);
    }
    return { invalidUsers: [...invalid] };
  }

  /** Markdown to users, split by 2048 UTF-8 bytes at line ends. */
  async sendMarkdown(touser: string[], content: string, opts: { duplicateCheckSeconds?: number } = {}): Promise<SendResult> {
    const invalid = new Set<string>();
    for (const part of splitByBytes(content, APP_MARKDOWN_MAX_BYTES)) {
      for (const u of (await this.sendAppMessage(touser, { msgtype: "markdown", markdown: { content: part } }, opts)).invalidUsers)
        invalid.add(u);
    }
    return { invalidUsers: [...invalid] };
  }

  // ---- app chats ---------------------------------------------------------------

  async createAppChat(chat: { name: string; owner: string; userlist: string[]; chatid?: string }): Promise<string> {
    const answer = await this.#authed("/cgi-bin/appchat/create", chat);
    return String(answer.chatid ?? chat.chatid ?? "");
  }

  async sendAppChat(chatid: string, message: AppChatMessage): Promise<void> {
    if (message.msgtype === "file" || message.msgtype === "image") {
      await this.#authed("/cgi-bin/appchat/send", { chatid, ...message });
      return;
    }
    const content = message.msgtype === "text" ? message.text.content : message.markdown.content;
    for (const part of splitByBytes(content, TEXT_MAX_BYTES)) {
      const m =
        message.msgtype === "text" ? { msgtype: "text", text: { content: part } } : { msgtype: "markdown", markdown: { content: part } };
      await this.#authed("/cgi-bin/appchat/send", { chatid, ...m });
    }
  }

  // ---- group robots -------------------------------------------------------------

  async #robot(key: string, body: unknown): Promise<void> {
    await this.#request("/cgi-bin/webhook/send", "POST", { key }, body);
  }

  async robotText(key: string, content: string, mentioned: string[] = []): Promise<void> {
    const parts = splitByBytes(content, ROBOT_TEXT_MAX_BYTES);
    for (const [i, part] of parts.entries()) {
      const last = i === parts.length - 1;
      await this.#robot(key, {
        msgtype: "text",
        text: { content: part, ...(last && mentioned.length ? { mentioned_list: mentioned } : {}) },
      });
    }
  }

  async robotMarkdown(key: string, content: string): Promise<void> {
    for (const part of splitByBytes(content, ROBOT_MARKDOWN_MAX_BYTES))
      await this.#robot(key, { msgtype: "markdown", markdown: { content: part } });
  }

  async robotImage(key: string, image: Buffer): Promise<void> {
    await this.#robot(key, {
      msgtype: "image",
      image: { base64: image.toString("base64"), md5: createHash("md5").update(image).digest("hex") },
    });
  }

  async robotFile(key: string, filename: string, data: Buffer): Promise<void> {
    const m = mediaBody(filename, data, "application/octet-stream");
    const answer = await this.#request("/cgi-bin/webhook/upload_media", "POST", { key, type: "file" }, m.body, {
      "Content-Type": m.contentType,
    });
    await this.#robot(key, { msgtype: "file", file: { media_id: String(answer.media_id) } });
  }

  // ---- media and menu -------------------------------------------------------------

  /** Uploads a file or image for app messages (media_id valid 3 days); the name is what people see. */
  async uploadMedia(type: "file" | "image", filename: string, data: Buffer, contentType: string): Promise<string> {
    const m = mediaBody(filename, data, contentType);
    const answer = await this.#authed("/cgi-bin/media/upload", m.body, { type }, "POST", { "Content-Type": m.contentType });
    const id = answer.media_id;
    if (typeof id !== "string" || !id)
      throw new WeComApiError(TRANSPORT_FAILURE, "upload answered without media_id", "/cgi-bin/media/upload");
    return id;
  }

  /**
   * Downloads a photo a user sent (WeCom media ids expire after 3 days): at most `maxBytes`, within
   * `deadlineMs` in all, no redirects, JPEG or PNG only (see media.ts; MediaRefused otherwise).
   */
  async getMedia(mediaId: string, limits: Partial<MediaLimits> = {}): Promise<Media> {
    const bounds: MediaLimits = { maxBytes: limits.maxBytes ?? 10 * 1024 * 1024, deadlineMs: limits.deadlineMs ?? this.#o.mediaDeadlineMs };
    let token = await this.token();
    for (let refreshed = false; ; refreshed = true) {
      const got = await downloadMedia(this.#http, { access_token: token, media_id: mediaId }, bounds).catch((err: unknown) => {
        if (isAxiosError(err)) throw new WeComApiError(TRANSPORT_FAILURE, err.code ?? "network error", "/cgi-bin/media/get");
        throw err;
      });
      if (got.kind === "media") return { data: got.data, contentType: got.contentType };
      let answer: ApiAnswer = {};
      try {
        answer = JSON.parse(got.body.toString("utf8")) as ApiAnswer;
      } catch {
        throw new WeComApiError(TRANSPORT_FAILURE, `HTTP ${got.status}`, "/cgi-bin/media/get");
      }
      const errcode = Number(answer.errcode ?? TRANSPORT_FAILURE);
      if (!refreshed && TOKEN_ERRCODES.has(errcode)) {
        this.invalidateToken(token);
        token = await this.token();
        continue;
      }
      throw new WeComApiError(errcode, String(answer.errmsg ?? ""), "/cgi-bin/media/get");
    }
  }

  /**
   * Who a login code (OAuth inside WeCom, or web login) belongs to (auth/getuserinfo): a member's userid,
   * or null for someone who is not a member (WeCom answers an openid). A code works once, within 5 minutes:
   * otherwise WeCom answers 40029, thrown as WeComApiError.
   */
  async getUserInfo(code: string): Promise<{ userid: string } | null> {
    const r = await this.#authed("/cgi-bin/auth/getuserinfo", undefined, { code }, "GET");
    const userid = (r as { userid?: unknown; UserId?: unknown }).userid ?? (r as { UserId?: unknown }).UserId;
    return typeof userid === "string" && userid ? { userid } : null;
  }

  get corpAgent(): { corpId: string; agentId: string } {
    return { corpId: this.#o.corpId, agentId: this.#o.agentId };
  }

  async createMenu(menu: { button: unknown[] }): Promise<void> {
    await this.#authed("/cgi-bin/menu/create", menu, { agentid: this.#o.agentId });
  }
}
