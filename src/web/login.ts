/**
 * Signing in to the dashboard with WeCom: no session → a fresh `state`, bound to this browser, and a
 * redirect to WeCom — OAuth inside WeCom (a `wxwork` User-Agent), web login in any other browser, or in
 * the simulator a page to pick a roster person. The callback takes the state once, exchanges the code
 * (auth/getuserinfo; a code works once), and opens a session for an active person on the roster.
 */
import type Router from "@koa/router";
import type { Context } from "koa";
import { z } from "zod";
import { dashboardTexts as t } from "../../templates/dashboard.js";
import type { Db } from "../db/client.js";
import type { AppState } from "../http/state.js";
import type { Logger } from "../log.js";
import { type WeComApi, WeComApiError } from "../wecom/api.js";
import { html, page } from "./html.js";
import { beginLogin, type CookieOpts, closeSession, finishLogin, openSession, useLoginState } from "./session.js";

export type LoginDeps = {
  db: Db;
  api: WeComApi;
  now: () => Date;
  publicUrl: string | null;
  sessionHours: number;
  cookies: CookieOpts;
  logger: Logger;
  /** The simulator only: a login code for a roster person, as WeCom would hand one to the browser. */
  simLogin?: (userid: string) => string;
};

const Callback = z.object({ code: z.string().regex(/^[\w-]{1,512}$/), state: z.string().max(128) });

function refuse(ctx: Context, status: number, title: string, why: string): void {
  ctx.status = status;
  ctx.type = "html";
  ctx.body = page(title, null, html`<section><p>${why}</p><p><a class="button" href="/dashboard">${t.again}</a></p></section>`);
}

/** Where WeCom sends the browser back, from PUBLIC_URL (never the Host header). */
const callbackUrl = (d: LoginDeps) => `${d.publicUrl ?? ""}/dashboard/auth/callback`;

/** Redirects a browser without a session to WeCom's login. */
export async function toLogin(ctx: Context, d: LoginDeps): Promise<void> {
  const state = await beginLogin(d.db, ctx, d.now(), d.cookies);
  if (d.simLogin) {
    ctx.redirect(`/dashboard/auth/sim?state=${state}`);
    return;
  }
  if (!d.publicUrl) return refuse(ctx, 503, t.notConfiguredTitle, t.notConfigured);
  const { corpId, agentId } = d.api.corpAgent;
  const redirect = encodeURIComponent(callbackUrl(d));
  const inWeCom = /wxwork/i.test(ctx.get("user-agent"));
  ctx.redirect(
    inWeCom
      ? `https://open.weixin.qq.com/connect/oauth2/authorize?appid=${corpId}&redirect_uri=${redirect}&response_type=code&scope=snsapi_base&state=${state}&agentid=${agentId}#wechat_redirect`
      : `https://login.work.weixin.qq.com/wwlogin/sso/login?login_type=CorpApp&appid=${corpId}&agentid=${agentId}&redirect_uri=${redirect}&state=${state}`,
  );
}

export function loginRoutes(router: Router<AppState>, d: LoginDeps): void {
  router.get("/auth/callback", async (ctx) => {
    const q = Callback.safeParse(ctx.query);
    if (!q.success) return refuse(ctx, 400, t.loginFailedTitle, t.badCallback);
    if (!(await finishLogin(d.db, ctx, q.data.state, d.now(), d.cookies))) return refuse(ctx, 400, t.loginFailedTitle, t.staleState);
    let who: { userid: string } | null;
    try {
      who = await d.api.getUserInfo(q.data.code);
    } catch (err) {
      if (!(err instanceof WeComApiError)) throw err;
      d.logger.warn({ errcode: err.errcode }, "dashboard login: WeCom refused the code");
      return refuse(ctx, 401, t.loginFailedTitle, t.codeRefused);
    }
    if (!who) return refuse(ctx, 403, t.loginFailedTitle, t.notMember);
    const person = await d.db.person.findUnique({ where: { useridKey: who.userid.toLowerCase() } });
    if (!person?.active) return refuse(ctx, 403, t.loginFailedTitle, t.notOnRoster);
    // Proven by WeCom: now the state is marked used (a replay of this callback is refused).
    if (!(await useLoginState(d.db, q.data.state, d.now()))) return refuse(ctx, 400, t.loginFailedTitle, t.staleState);
    await openSession(d.db, ctx, person.id, d.now(), d.sessionHours, d.cookies);
    ctx.redirect("/dashboard");
  });

  // A typed or bookmarked /dashboard/logout: a page with the button that signs out (signing out itself is a POST).
  router.get("/logout", (ctx) => {
    ctx.type = "html";
    ctx.body = page(
      t.logoutTitle,
      null,
      html`<section><p>${t.logoutAsk}</p><form method="post" action="/dashboard/logout"><button type="submit">${t.logoutButton}</button></form><p><a href="/dashboard">${t.stay}</a></p></section>`,
    );
  });

  router.post("/logout", async (ctx) => {
    await closeSession(d.db, ctx, d.cookies);
    ctx.type = "html";
    ctx.body = page(
      t.loggedOutTitle,
      null,
      html`<section><p>${t.loggedOut}</p><p><a class="button" href="/dashboard">${t.again}</a></p></section>`,
    );
  });

  const simLogin = d.simLogin;
  if (!simLogin) return;
  // The simulator's stand-in for WeCom's login page: pick anyone on the roster.
  router.get("/auth/sim", async (ctx) => {
    const state = String(ctx.query.state ?? "");
    const people = await d.db.person.findMany({ where: { active: true }, include: { unit: true }, orderBy: { id: "asc" }, take: 200 });
    ctx.type = "html";
    ctx.body = page(
      t.simLoginTitle,
      null,
      html`<section><p class="muted">${t.simLoginHint}</p><ul>${people.map(
        (p) =>
          html`<li><a href="/dashboard/auth/sim/go?userid=${encodeURIComponent(p.userid)}&amp;state=${state}">${p.name}</a> <span class="muted">${p.unit.name}</span></li>`,
      )}</ul></section>`,
    );
  });
  router.get("/auth/sim/go", (ctx) => {
    const userid = String(ctx.query.userid ?? "").slice(0, 64);
    const state = String(ctx.query.state ?? "").slice(0, 128);
    ctx.redirect(`/dashboard/auth/callback?code=${simLogin(userid)}&state=${encodeURIComponent(state)}`);
  });
}
