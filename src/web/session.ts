/**
 * Dashboard sessions, kept in the database (they survive a restart): the cookie holds a random token,
 * the table only its sha-256. HttpOnly, SameSite=Lax, Path=/dashboard, Secure when PUBLIC_URL is https.
 * A login's `state` is stored the same way, bound to the browser by a second cookie, and used once.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Context } from "koa";
import type { Db } from "../db/client.js";

export const SESSION_COOKIE = "dash_session";
export const LOGIN_COOKIE = "dash_login";
const LOGIN_MINUTES = 10;
/** Logins under way at once, at most: a flood of unauthenticated requests cannot grow the table without bound. */
export const LOGINS_MAX = 10_000;

export class TooManyLogins extends Error {}

const sha = (s: string) => createHash("sha256").update(s).digest("hex");
const token = () => randomBytes(32).toString("base64url");

export type CookieOpts = { secure: boolean };

function setCookie(ctx: Context, name: string, value: string, maxAgeMs: number, o: CookieOpts): void {
  // PUBLIC_URL is https: the browser reaches us over TLS (a reverse proxy ends it), whatever this hop is.
  if (o.secure) (ctx.cookies as unknown as { secure: boolean }).secure = true;
  ctx.cookies.set(name, value, {
    httpOnly: true,
    sameSite: "lax",
    path: "/dashboard",
    secure: o.secure,
    maxAge: maxAgeMs,
    overwrite: true,
  });
}

/** The person a request's session belongs to, or null (none, unknown, expired: the expired row is removed). */
export async function sessionPerson(db: Db, ctx: Context, now: Date): Promise<number | null> {
  const t = ctx.cookies.get(SESSION_COOKIE);
  if (!t || t.length > 100) return null;
  const s = await db.dashboardSession.findUnique({ where: { tokenHash: sha(t) } });
  if (!s) return null;
  if (s.expiresAt <= now) {
    await db.dashboardSession.deleteMany({ where: { tokenHash: s.tokenHash } });
    return null;
  }
  return s.personId;
}

export async function openSession(db: Db, ctx: Context, personId: number, now: Date, hours: number, o: CookieOpts): Promise<void> {
  const t = token();
  const ms = hours * 3_600_000;
  await db.dashboardSession.create({ data: { tokenHash: sha(t), personId, createdAt: now, expiresAt: new Date(now.getTime() + ms) } });
  // Old sessions go now and then: those past their time.
  await db.dashboardSession.deleteMany({ where: { expiresAt: { lte: now } } });
  setCookie(ctx, SESSION_COOKIE, t, ms, o);
}

export async function closeSession(db: Db, ctx: Context, o: CookieOpts): Promise<void> {
  const t = ctx.cookies.get(SESSION_COOKIE);
  if (t) await db.dashboardSession.deleteMany({ where: { tokenHash: sha(t) } });
  setCookie(ctx, SESSION_COOKIE, "", 0, o);
}

/** A new login: its `state` for WeCom ([a-zA-Z0-9], as WeCom takes), bound to this browser. */
export async function beginLogin(db: Db, ctx: Context, now: Date, o: CookieOpts): Promise<string> {
  const state = randomBytes(16).toString("hex");
  const browser = token();
  await db.loginState.deleteMany({ where: { expiresAt: { lte: now } } });
  if ((await db.loginState.count()) >= LOGINS_MAX) throw new TooManyLogins();
  await db.loginState.create({
    data: { state, browserHash: sha(browser), createdAt: now, expiresAt: new Date(now.getTime() + LOGIN_MINUTES * 60_000) },
  });
  setCookie(ctx, LOGIN_COOKIE, browser, LOGIN_MINUTES * 60_000, o);
  return state;
}

/** Whether `state` is this browser's login, still fresh; used up either way. */
export async function finishLogin(db: Db, ctx: Context, state: string, now: Date, o: CookieOpts): Promise<boolean> {
  const browser = ctx.cookies.get(LOGIN_COOKIE);
  setCookie(ctx, LOGIN_COOKIE, "", 0, o);
  if (!/^[0-9a-f]{32}$/.test(state)) return false;
  const row = await db.loginState.findUnique({ where: { state } });
  if (!row) return false;
  await db.loginState.deleteMany({ where: { state } });
  return !!browser && row.browserHash === sha(browser) && row.expiresAt > now;
}
