/**
 * /dashboard: the bureau's read-only web pages (DESIGN.md HTTP). Every route but the login's needs a
 * session of an active person on the roster; every unit, photo and file is checked against who may see
 * that unit (src/domain/scope.ts). Security headers on every answer: a CSP with no script at all.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Router from "@koa/router";
import type { Context, Next } from "koa";
import { dashboardTexts as t } from "../../templates/dashboard.js";
import { exportTexts } from "../../templates/exports.js";
import type { Db } from "../db/client.js";
import { maySee, type Visible, visibleUnits } from "../domain/scope.js";
import { buildExport, exportOwner, onePerPerson } from "../exports/export.js";
import { parseExport } from "../exports/request.js";
import { xlsxBytes } from "../exports/xlsx.js";
import type { AppState } from "../http/state.js";
import { localDate } from "../time/zoned.js";
import { html, page } from "./html.js";
import { type LoginDeps, loginRoutes, toLogin } from "./login.js";
import { hazardsPage } from "./pages/hazards.js";
import { overviewPage } from "./pages/overview.js";
import { planPage } from "./pages/plan.js";
import { unitPage, unitsPage } from "./pages/unit.js";
import { sessionPerson } from "./session.js";

const STYLE = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "style.css"));
const CSP =
  "default-src 'self'; script-src 'none'; object-src 'none'; img-src 'self'; style-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'";

type Viewer = NonNullable<Awaited<ReturnType<typeof loadViewer>>>;

/** The largest id a database integer column holds. */
const INT32_MAX = 2_147_483_647;

function loadViewer(db: Db, personId: number) {
  return db.person.findUnique({ where: { id: personId }, include: { unit: true, roles: true, schools: true } });
}

export type DashboardDeps = LoginDeps & { tz: string };

export function dashboardRoutes(d: DashboardDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: "/dashboard" });
  router.use(async (ctx: Context, next: Next) => {
    ctx.set({
      "Content-Security-Policy": CSP,
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "same-origin",
      "Cache-Control": "no-store",
    });
    await next();
  });
  router.get("/style.css", (ctx) => {
    ctx.type = "text/css; charset=utf-8";
    ctx.body = STYLE;
  });
  loginRoutes(router, d);

  const send = (ctx: Context, title: string, who: Viewer, body: ReturnType<typeof html>, status = 200) => {
    ctx.status = status;
    ctx.type = "html";
    const admin = who.roles.some((r) => r.role === "admin");
    ctx.body = page(title, { name: who.name, unit: who.unit.name, admin, all: visibleUnits(who) === null }, body);
  };
  /** The signed-in person and what they may see; otherwise off to WeCom's login (or a refusal). */
  const viewer = async (ctx: Context): Promise<{ who: Viewer; visible: Visible } | null> => {
    const id = await sessionPerson(d.db, ctx, d.now());
    const who = id === null ? null : await loadViewer(d.db, id);
    if (!who?.active) {
      await toLogin(ctx, d);
      return null;
    }
    return { who, visible: visibleUnits(who) };
  };
  const forbidden = (ctx: Context, who: Viewer) => send(ctx, t.forbiddenTitle, who, html`<section><p>${t.forbidden}</p></section>`, 403);
  const notFound = (ctx: Context, who: Viewer) => send(ctx, t.notFoundTitle, who, html`<section><p>${t.notFound}</p></section>`, 404);

  router.get("/", async (ctx) => {
    const v = await viewer(ctx);
    if (v) send(ctx, t.overviewTitle, v.who, await overviewPage(d.db, v.visible, d.now(), d.tz));
  });
  router.get("/hazards", async (ctx) => {
    const v = await viewer(ctx);
    if (!v) return;
    const q = (k: string) => (typeof ctx.query[k] === "string" ? String(ctx.query[k]).slice(0, 40) : undefined);
    const filters = {
      township: q("township") || undefined,
      severity: q("severity") || undefined,
      status: q("status") || undefined,
      overdue: q("overdue") === "1",
    };
    send(ctx, t.hazardsTitle, v.who, await hazardsPage(d.db, v.visible, filters, d.now(), d.tz));
  });
  router.get("/plan", async (ctx) => {
    const v = await viewer(ctx);
    if (!v) return;
    // The county's plan as a whole: the bureau's (viewers and admins).
    if (v.visible !== null) return forbidden(ctx, v.who);
    send(ctx, t.planTitle, v.who, await planPage(d.db, d.now(), d.tz));
  });
  router.get("/units", async (ctx) => {
    const v = await viewer(ctx);
    if (v) send(ctx, t.unitsTitle, v.who, await unitsPage(d.db, v.visible));
  });
  router.get("/units/:code", async (ctx) => {
    const v = await viewer(ctx);
    if (!v) return;
    const unit = await d.db.unit.findUnique({ where: { code: String(ctx.params.code).slice(0, 64) } });
    // Another unit's page is refused whether it exists or not: its code tells nothing.
    if (!unit) return v.visible === null ? notFound(ctx, v.who) : forbidden(ctx, v.who);
    if (!maySee(v.visible, unit.id)) return forbidden(ctx, v.who);
    send(ctx, unit.name, v.who, await unitPage(d.db, unit, d.tz));
  });
  router.get("/photos/:id", async (ctx) => {
    const v = await viewer(ctx);
    if (!v) return;
    // An id is a database integer: anything else (a 20-digit number, 1e3, 0x10) is not a photo.
    const word = String(ctx.params.id);
    const id = /^[1-9]\d{0,9}$/.test(word) ? Number(word) : Number.NaN;
    if (!Number.isSafeInteger(id) || id > INT32_MAX) return notFound(ctx, v.who);
    // A photo is served only as part of a hazard, to those who may see that hazard's unit.
    const hazard = await d.db.hazard.findFirst({ where: { OR: [{ photoId: id }, { rectifyPhotoId: id }] }, select: { unitId: true } });
    if (!hazard) return v.visible === null ? notFound(ctx, v.who) : forbidden(ctx, v.who);
    if (!maySee(v.visible, hazard.unitId)) return forbidden(ctx, v.who);
    const photo = await d.db.photo.findUnique({ where: { id } });
    if (!photo) return notFound(ctx, v.who);
    ctx.type = photo.contentType === "image/png" ? "image/png" : "image/jpeg";
    // Like every private page: nothing kept in a shared PC's cache after 退出.
    ctx.set("Cache-Control", "no-store");
    ctx.body = Buffer.from(photo.data);
  });
  router.get("/export", async (ctx) => {
    const v = await viewer(ctx);
    if (!v) return;
    const now = d.now();
    const req = parseExport(
      [String(ctx.query.report ?? "").slice(0, 20), String(ctx.query.period ?? "").slice(0, 40)].filter(Boolean),
      now,
      d.tz,
      localDate(now, d.tz),
    );
    if (!req.ok) return send(ctx, t.notFoundTitle, v.who, html`<section><p>${req.reply}</p></section>`, 400);
    let scope = v.visible;
    const code = typeof ctx.query.unit === "string" ? ctx.query.unit.slice(0, 64) : "";
    if (code) {
      const unit = await d.db.unit.findUnique({ where: { code } });
      if (!unit || !maySee(v.visible, unit.id)) return forbidden(ctx, v.who);
      scope = new Set([unit.id]);
    }
    if (scope && scope.size === 0) return forbidden(ctx, v.who);
    // Named after the school (or the county), as in the chat — never after the person who asked.
    const who = await exportOwner(d.db, scope, v.who.name);
    const f = await onePerPerson(v.who.id, () =>
      buildExport(d.db, { what: req.what, periods: req.periods, label: req.label, scope, who }, now, d.tz),
    );
    if (!f) {
      ctx.set("Retry-After", "10");
      return send(ctx, t.busyTitle, v.who, html`<section><p>${exportTexts.busy()}</p></section>`, 429);
    }
    ctx.type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    ctx.set("Content-Disposition", `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}`);
    ctx.body = xlsxBytes(f.file);
  });
  return router;
}
