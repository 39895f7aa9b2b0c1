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
import { buildExport, exportOwner, onePerPerson, planExport } from "../exports/export.js";
import { parseExport, splitExample } from "../exports/request.js";
import { XLSX_MAX_ROWS, xlsxBytes } from "../exports/xlsx.js";
import type { AppState } from "../http/state.js";
import { localDate } from "../time/zoned.js";
import { BoundedQueue, QueueFull } from "../work/bounded-queue.js";
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

/** `exportQueue`: the process's line for exports (shared with the chat's 导出). */
export type DashboardDeps = LoginDeps & { tz: string; exportQueue?: BoundedQueue };

/** Pages built at once, and allowed to wait: the rest are told to reload in a moment (the callbacks keep their turn). */
const PAGES_AT_ONCE = 2;
const PAGES_WAITING = 20;
/** A download waits in the export line only behind this many; past it, the officer is told to come back. */
const DOWNLOAD_WAIT_BEHIND = 3;

export function dashboardRoutes(d: DashboardDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: "/dashboard" });
  // Every page reads the database and renders: a few at a time, so a storm of reloads cannot starve the callbacks.
  const pages = new BoundedQueue(PAGES_AT_ONCE, PAGES_WAITING);
  const exports = d.exportQueue ?? new BoundedQueue(1, 20);
  const busy = (ctx: Context, retry: number, text: string) => {
    ctx.status = 503;
    ctx.set("Retry-After", String(retry));
    ctx.type = "html";
    ctx.body = page(t.busyTitle, null, html`<section><p>${text}</p></section>`);
  };
  /** A page's work in its turn; a full line answers 503 at once, with Retry-After. */
  const paged = (build: (ctx: Context) => Promise<void>) => async (ctx: Context) => {
    try {
      await pages.run(() => build(ctx));
    } catch (err) {
      if (!(err instanceof QueueFull)) throw err;
      busy(ctx, 5, t.pagesBusy);
    }
  };
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

  router.get(
    "/",
    paged(async (ctx) => {
      const v = await viewer(ctx);
      if (v) send(ctx, t.overviewTitle, v.who, await overviewPage(d.db, v.visible, d.now(), d.tz));
    }),
  );
  router.get(
    "/hazards",
    paged(async (ctx) => {
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
    }),
  );
  router.get(
    "/plan",
    paged(async (ctx) => {
      const v = await viewer(ctx);
      if (!v) return;
      // The county's plan as a whole: the bureau's (viewers and admins).
      if (v.visible !== null) return forbidden(ctx, v.who);
      send(ctx, t.planTitle, v.who, await planPage(d.db, d.now(), d.tz));
    }),
  );
  router.get(
    "/units",
    paged(async (ctx) => {
      const v = await viewer(ctx);
      if (v) send(ctx, t.unitsTitle, v.who, await unitsPage(d.db, v.visible));
    }),
  );
  router.get(
    "/units/:code",
    paged(async (ctx) => {
      const v = await viewer(ctx);
      if (!v) return;
      const unit = await d.db.unit.findUnique({ where: { code: String(ctx.params.code).slice(0, 64) } });
      // Another unit's page is refused whether it exists or not: its code tells nothing.
      if (!unit) return v.visible === null ? notFound(ctx, v.who) : forbidden(ctx, v.who);
      if (!maySee(v.visible, unit.id)) return forbidden(ctx, v.who);
      send(ctx, unit.name, v.who, await unitPage(d.db, unit, d.tz));
    }),
  );
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
    const request = { what: req.what, periods: req.periods, label: req.label, scope, who };
    // Too many rows for one sheet: said before any work, with what to ask instead.
    const plan = await planExport(d.db, request, now, d.tz);
    if (plan.rows >= XLSX_MAX_ROWS) {
      const short = req.what === "hazards" ? exportTexts.hazardsName : req.what.short;
      const text = exportTexts.tooManyRows(plan.rows, plan.periodsPerFile, splitExample(short, req.periods ?? [], plan.periodsPerFile));
      return send(ctx, t.notFoundTitle, v.who, html`<section><p>${text}</p></section>`, 413);
    }
    // In the process's export line (shared with the chat): waited for behind a few, else come back later.
    const ahead = exports.ahead();
    if (ahead > DOWNLOAD_WAIT_BEHIND) {
      ctx.set("Retry-After", "60");
      return send(ctx, t.busyTitle, v.who, html`<section><p>${exportTexts.queueFull(ahead)}</p></section>`, 429);
    }
    let f: Awaited<ReturnType<typeof buildExport>> | null;
    try {
      f = await onePerPerson(v.who.id, () => exports.run(() => buildExport(d.db, request, now, d.tz)));
    } catch (err) {
      if (!(err instanceof QueueFull)) throw err;
      ctx.set("Retry-After", "60");
      return send(ctx, t.busyTitle, v.who, html`<section><p>${exportTexts.queueFull(err.waiting)}</p></section>`, 429);
    }
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
