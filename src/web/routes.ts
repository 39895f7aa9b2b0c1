/**
 * /dashboard: the bureau's read-only web pages (docs/DESIGN.md HTTP). Every route but the login's needs a
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
import { exportOwner, onePerPerson, planExport } from "../exports/export.js";
import { parseExport, splitExample } from "../exports/request.js";
import { XLSX_MAX_ROWS } from "../exports/xlsx.js";
import type { AppState } from "../http/state.js";
import type { KindRegistry } from "../kinds/registry.js";
import { localDate } from "../time/zoned.js";
import { QueueFull } from "../work/bounded-queue.js";
import type { HeavyJobs, JobName } from "../work/heavy-jobs.js";
import type { HeavyWork } from "../work/heavy-work.js";
import { html, page, type Raw, raw } from "./html.js";
import { type LoginDeps, loginRoutes, toLogin } from "./login.js";
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

/** `heavy`: where pages are built and exports written, in their lines, off the event loop (shared with the chat's 导出). */
export type DashboardDeps = LoginDeps & { tz: string; heavy: HeavyWork; kinds: KindRegistry };

/** A download waits in the export line only behind this many; past it, the officer is told to come back. */
const DOWNLOAD_WAIT_BEHIND = 3;

export function dashboardRoutes(d: DashboardDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: "/dashboard" });
  const exports = d.heavy.exports;
  const busy = (ctx: Context, retry: number, text: string) => {
    ctx.status = 503;
    ctx.set("Retry-After", String(retry));
    ctx.type = "html";
    ctx.body = page(t.busyTitle, null, html`<section><p>${text}</p></section>`);
  };
  const ids = (visible: Visible) => (visible === null ? null : [...visible]);
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
    // A kind loaded since (kind load) shows on the pages from now on: one small query every few seconds at most.
    await d.kinds.refresh(d.db, d.now()).catch(() => false);
    return { who, visible: visibleUnits(who) };
  };
  const forbidden = (ctx: Context, who: Viewer) => send(ctx, t.forbiddenTitle, who, html`<section><p>${t.forbidden}</p></section>`, 403);
  const notFound = (ctx: Context, who: Viewer) => send(ctx, t.notFoundTitle, who, html`<section><p>${t.notFound}</p></section>`, 404);

  /**
   * A page's content, built in the pages' line (off the event loop in production: WeCom's callbacks keep their
   * turn however many officers reload); too many waiting answers 503 at once, with Retry-After.
   */
  const built = async <K extends Exclude<JobName, "export">>(ctx: Context, job: K, args: HeavyJobs[K]["args"]): Promise<Raw | null> => {
    try {
      return raw(await d.heavy.page(job, args));
    } catch (err) {
      if (!(err instanceof QueueFull)) throw err;
      busy(ctx, 5, t.pagesBusy);
      return null;
    }
  };

  router.get("/", async (ctx) => {
    const v = await viewer(ctx);
    if (!v) return;
    const content = await built(ctx, "overview", { visible: ids(v.visible), now: d.now().toISOString(), tz: d.tz });
    if (content) send(ctx, t.overviewTitle, v.who, content);
  });
  router.get("/hazards", async (ctx) => {
    const v = await viewer(ctx);
    if (!v) return;
    const q = (k: string) => (typeof ctx.query[k] === "string" ? String(ctx.query[k]).slice(0, 40) : undefined);
    const filters = {
      ...(q("township") ? { township: q("township") } : {}),
      ...(q("severity") ? { severity: q("severity") } : {}),
      ...(q("status") ? { status: q("status") } : {}),
      overdue: q("overdue") === "1",
    };
    const content = await built(ctx, "hazards", { visible: ids(v.visible), filters, now: d.now().toISOString(), tz: d.tz });
    if (content) send(ctx, t.hazardsTitle, v.who, content);
  });
  router.get("/plan", async (ctx) => {
    const v = await viewer(ctx);
    if (!v) return;
    // The county's plan as a whole: the bureau's (viewers and admins).
    if (v.visible !== null) return forbidden(ctx, v.who);
    const content = await built(ctx, "plan", { now: d.now().toISOString(), tz: d.tz });
    if (content) send(ctx, t.planTitle, v.who, content);
  });
  router.get("/units", async (ctx) => {
    const v = await viewer(ctx);
    if (!v) return;
    const content = await built(ctx, "units", { visible: ids(v.visible) });
    if (content) send(ctx, t.unitsTitle, v.who, content);
  });
  router.get("/units/:code", async (ctx) => {
    const v = await viewer(ctx);
    if (!v) return;
    const unit = await d.db.unit.findUnique({
      where: { code: String(ctx.params.code).slice(0, 64) },
      select: { id: true, code: true, name: true, township: true, kind: true },
    });
    // Another unit's page is refused whether it exists or not: its code tells nothing.
    if (!unit) return v.visible === null ? notFound(ctx, v.who) : forbidden(ctx, v.who);
    if (!maySee(v.visible, unit.id)) return forbidden(ctx, v.who);
    const content = await built(ctx, "unit", { unit, tz: d.tz });
    if (content) send(ctx, unit.name, v.who, content);
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
      d.kinds,
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
    const job = {
      what: req.what === "hazards" ? "hazards" : req.what.id,
      periods: req.periods,
      label: req.label,
      scope: ids(scope),
      who,
      now: now.toISOString(),
      tz: d.tz,
    };
    let f: Awaited<ReturnType<HeavyWork["export"]>> | null;
    try {
      f = await onePerPerson(v.who.id, () => d.heavy.export(job));
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
    ctx.body = Buffer.concat(f.parts);
  });
  return router;
}
