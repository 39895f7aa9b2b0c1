/**
 * Dashboard sessions, kept in the database (they survive a restart): the cookie holds a random token,
 * the table only its sha-256. HttpOnly, SameSite=Lax, Path=/dashboard, Secure when PUBLIC_URL is https.
 * A login's `state` is not stored while it is under way: a second cookie carries it signed (beginLogin); it is
 * recorded as used only once WeCom has said who the person is.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Context } from "koa";
import type { Db } from "../db/client.js";
import { isUniqueViolation } from "../db/errors.js";

export const SESSION_COOKIE = "dash_session";
export const LOGIN_COOKIE = "dash_login";
const LOGIN_MINUTES = 10;

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

/** The key that signs logins under way: made once per installation, kept in the database (every instance shares it). */
const LOGIN_KEY = "dashboard-login-key";
const keys = new WeakMap<Db, Buffer>();

async function loginKey(db: Db): Promise<Buffer> {
  const cached = keys.get(db);
  if (cached) return cached;
  let row = await db.setting.findUnique({ where: { key: LOGIN_KEY } });
  if (!row) {
    try {
      row = await db.setting.create({ data: { key: LOGIN_KEY, value: randomBytes(32).toString("hex"), by: "system", at: new Date() } });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      row = await db.setting.findUniqueOrThrow({ where: { key: LOGIN_KEY } });
    }
  }
  const key = Buffer.from(row.value, "hex");
  keys.set(db, key);
  return key;
}

const mac = (key: Buffer, text: string) => createHmac("sha256", key).update(text).digest("base64url");

/**
 * A new login: its `state` for WeCom ([a-zA-Z0-9], as WeCom takes), bound to this browser by a cookie that carries
 * the state, its expiry and our signature — nothing is stored, so visitors without a session, however many, cost
 * nothing shared and never keep a real person from signing in.
 */
export async function beginLogin(db: Db, ctx: Context, now: Date, o: CookieOpts): Promise<string> {
  const state = randomBytes(16).toString("hex");
  const until = now.getTime() + LOGIN_MINUTES * 60_000;
  setCookie(ctx, LOGIN_COOKIE, `${state}.${until}.${mac(await loginKey(db), `${state}.${until}`)}`, LOGIN_MINUTES * 60_000, o);
  return state;
}

/** Whether `state` is this browser's login, signed by us and still fresh (the cookie is cleared either way). */
export async function finishLogin(db: Db, ctx: Context, state: string, now: Date, o: CookieOpts): Promise<boolean> {
  const cookie = ctx.cookies.get(LOGIN_COOKIE) ?? "";
  setCookie(ctx, LOGIN_COOKIE, "", 0, o);
  if (!/^[0-9a-f]{32}$/.test(state) || cookie.length > 200) return false;
  const [s, until, sig] = cookie.split(".");
  if (s !== state || !until || !/^\d{1,15}$/.test(until) || !sig) return false;
  const want = Buffer.from(mac(await loginKey(db), `${s}.${until}`));
  const got = Buffer.from(sig);
  return got.length === want.length && timingSafeEqual(got, want) && Number(until) > now.getTime();
}

/**
 * Marks a login's state used, once WeCom has said who the person is (so nothing is stored for anyone unproven):
 * false when it was used already — the same callback replayed.
 */
export async function useLoginState(db: Db, state: string, now: Date): Promise<boolean> {
  await db.loginState.deleteMany({ where: { expiresAt: { lte: now } } });
  try {
    await db.loginState.create({
      data: { state, browserHash: "", createdAt: now, expiresAt: new Date(now.getTime() + LOGIN_MINUTES * 60_000) },
    });
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}
