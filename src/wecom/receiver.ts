/**
 * The callback receiver at /wecom/callback.
 * GET: URL verification — answers the decrypted echostr as plain text.
 * POST: encrypted XML → verify → decrypt → parse → durable dedupe → the bot.
 * The bot's answer goes back as an encrypted passive reply when ready within
 * the budget; otherwise the request is answered with an empty 200 and the
 * reply is sent through the API. One reply per message either way.
 * Refusals: signature, receiveid or timestamp 401; malformed 400; oversize
 * 413 — each before any database write, logged with its code only.
 */
import { randomBytes } from "node:crypto";
import Router from "@koa/router";
import type { Context } from "koa";
import { DeliveryLedger } from "../chat/dedupe.js";
import { type DeliveryDeps, deliver, type EventHandler, type LateReplySender } from "../chat/deliver.js";
import { textMessage } from "../chat/plain-text.js";
import type { Reply } from "../chat/reply.js";
import type { Clock } from "../clock.js";
import type { Db } from "../db/client.js";
import { AppError } from "../errors.js";
import type { AppState } from "../http/state.js";
import { type WeComCrypto, WeComCryptoError } from "./crypto.js";
import { TEXT_MAX_BYTES } from "./limits.js";
import { toInboundEvent } from "./messages.js";
import { buildXml, outerEncrypt } from "./xml.js";

export const CALLBACK_PATH = "/wecom/callback";
export const MAX_BODY_BYTES = 64 * 1024;
export const MAX_AGE_SECONDS = 10 * 60;
export const MAX_AHEAD_SECONDS = 5 * 60;

export type ReceiverDeps = {
  crypto: WeComCrypto;
  db: Db;
  clock: Clock;
  handle: EventHandler;
  sendLate: LateReplySender;
  passiveReplyBudgetMs: number;
  corpId: string;
};

function refuse(code: "UNAUTHORIZED" | "BAD_REQUEST" | "PAYLOAD_TOO_LARGE", why: string, cause?: unknown): AppError {
  const msg = code === "UNAUTHORIZED" ? "签名或来源校验失败" : code === "PAYLOAD_TOO_LARGE" ? "请求体过大" : "请求格式有误";
  return new AppError(code, msg, { cause: cause ?? new Error(why) });
}

function cryptoRefusal(err: unknown): AppError {
  if (err instanceof WeComCryptoError) {
    const unauthorized = err.kind === "ValidateSignatureError" || err.kind === "ValidateCorpidError";
    return refuse(unauthorized ? "UNAUTHORIZED" : "BAD_REQUEST", err.message, err);
  }
  throw err;
}

function query(ctx: Context, name: string): string {
  const v = ctx.query[name];
  return typeof v === "string" ? v : "";
}

function checkTimestamp(timestamp: string, now: Date): void {
  if (!/^\d{1,12}$/.test(timestamp)) throw refuse("UNAUTHORIZED", "timestamp missing or malformed");
  const age = now.getTime() / 1000 - Number(timestamp);
  if (age > MAX_AGE_SECONDS || age < -MAX_AHEAD_SECONDS) throw refuse("UNAUTHORIZED", `stale timestamp (age ${Math.round(age)} s)`);
}

async function readBody(ctx: Context): Promise<string> {
  const declared = Number(ctx.get("content-length") || "0");
  if (declared > MAX_BODY_BYTES) throw refuse("PAYLOAD_TOO_LARGE", `declared ${declared} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      ctx.req.destroy();
      throw refuse("PAYLOAD_TOO_LARGE", `body over ${MAX_BODY_BYTES} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw refuse("BAD_REQUEST", "body is not UTF-8");
  }
}

/** A passive reply carries one text message: replies that are all text and fit in one go together. */
export function passiveText(replies: Reply[]): string | null {
  const texts = replies.flatMap((r) => (r.type === "text" ? [r.content] : []));
  if (replies.length === 0 || texts.length < replies.length) return null;
  const joined = textMessage(texts.join("\n\n"));
  return Buffer.byteLength(joined, "utf8") <= TEXT_MAX_BYTES ? joined : null;
}

export function callbackRoutes(deps: ReceiverDeps): Router<AppState> {
  const router = new Router<AppState>();
  const { crypto, clock } = deps;
  const delivery: DeliveryDeps = {
    ledger: new DeliveryLedger(deps.db),
    clock,
    handle: deps.handle,
    sendLate: deps.sendLate,
    passiveReplyBudgetMs: deps.passiveReplyBudgetMs,
    passive: passiveText,
  };

  router.get(CALLBACK_PATH, (ctx) => {
    const sig = query(ctx, "msg_signature");
    const timestamp = query(ctx, "timestamp");
    const nonce = query(ctx, "nonce");
    const echostr = query(ctx, "echostr"); // Koa has URL-decoded it
    if (!sig) throw refuse("UNAUTHORIZED", "missing msg_signature");
    if (!echostr || !nonce) throw refuse("BAD_REQUEST", "missing echostr or nonce");
    let plain: string;
    try {
      crypto.verifySignature(sig, timestamp, nonce, echostr);
      checkTimestamp(timestamp, clock.now());
      plain = crypto.decrypt(echostr);
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw cryptoRefusal(err);
    }
    ctx.type = "text/plain";
    ctx.body = plain;
    ctx.state.outcome = "url-verified";
    ctx.state.log.info({ outcome: "url-verified" }, "wecom callback");
  });

  router.post(CALLBACK_PATH, async (ctx) => {
    const log = ctx.state.log;
    const now = clock.now();
    const sig = query(ctx, "msg_signature");
    const timestamp = query(ctx, "timestamp");
    const nonce = query(ctx, "nonce");
    if (!sig) throw refuse("UNAUTHORIZED", "missing msg_signature");
    const body = await readBody(ctx);
    let encrypt: string;
    try {
      encrypt = outerEncrypt(body); // linear: nothing costlier runs before the signature is verified
    } catch (err) {
      throw cryptoRefusal(err);
    }
    if (!nonce) throw refuse("BAD_REQUEST", "missing nonce");
    let plain: string;
    try {
      crypto.verifySignature(sig, timestamp, nonce, encrypt);
      checkTimestamp(timestamp, now);
      plain = crypto.decrypt(encrypt);
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw cryptoRefusal(err);
    }
    let event: ReturnType<typeof toInboundEvent>;
    try {
      event = toInboundEvent(plain, now);
    } catch (err) {
      throw cryptoRefusal(err);
    }
    if (event.kind === "ignored") {
      ctx.state.outcome = "ignored";
      log.info({ outcome: "ignored", msgType: event.messageType, event: event.event }, "wecom callback");
      ctx.body = "";
      return;
    }
    const answer = await deliver(delivery, event, log.child({ eventId: event.id, kind: event.kind }));
    ctx.state.outcome = answer.outcome;
    if (answer.passive === null) ctx.body = "";
    else answerPassively(ctx, event.from, answer.passive);
  });

  /** The encrypted passive reply: one text message back in the HTTP answer, sealed with a fresh nonce. */
  function answerPassively(ctx: Context, to: string, content: string): void {
    const now = Math.floor(clock.now().getTime() / 1000);
    const reply = buildXml({ ToUserName: to, FromUserName: deps.corpId, CreateTime: now, MsgType: "text", Content: content });
    const ts = String(now);
    const replyNonce = randomBytes(8).toString("hex");
    const sealed = crypto.seal(reply, ts, replyNonce);
    ctx.type = "application/xml";
    ctx.body = buildXml({ Encrypt: sealed.encrypt, MsgSignature: sealed.msgSignature, TimeStamp: ts, Nonce: replyNonce });
  }

  return router;
}
