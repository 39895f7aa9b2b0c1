/**
 * 导出 <报表|隐患> [期间|起..止]: an XLSX of what the person may see — viewers and admins every unit,
 * principals and reporters their own, inspectors their schools — sent in the chat as a file. Its size is known
 * before any work (too many rows for Excel or bytes for WeCom: what to ask instead); it is built in its turn in
 * the process-wide export queue (the position told) and sent when ready; one export per person at a time.
 */
import { commandTexts } from "../../../templates/commands.js";
import { exportTexts as x } from "../../../templates/exports.js";
import { file, text } from "../../chat/reply.js";
import { visibleUnits } from "../../domain/scope.js";
import { buildExport, type ExportRequest, exportName, exportOwner, onePerPerson, planExport } from "../../exports/export.js";
import { parseExport, splitExample } from "../../exports/request.js";
import { XLSX_MAX_ROWS, xlsxBytes } from "../../exports/xlsx.js";
import { FILE_MAX_BYTES } from "../../wecom/limits.js";
import { QueueFull } from "../../work/bounded-queue.js";
import type { BotContext } from "../context.js";
import type { Command } from "./registry.js";

export function exportCommand(): Command {
  return {
    id: "export",
    names: ["导出"],
    alias: "/export",
    roles: ["viewer", "admin", "principal", "reporter", "inspector"],
    ...commandTexts.export,
    async run(ctx, args) {
      const req = parseExport(ctx.kinds, args, ctx.now, ctx.tz, ctx.today);
      if (!req.ok) return ctx.reply(req.reply);
      const scope = visibleUnits(ctx.person);
      if (scope && scope.size === 0) return ctx.reply(x.nothingToSee());
      const who = await exportOwner(ctx.db, scope, ctx.person.name);
      const request = { what: req.what, periods: req.periods, label: req.label, scope, who };
      // Its size first, from who owes it now: too many rows for Excel or bytes for WeCom is said before any work.
      const plan = await planExport(ctx.db, request, ctx.now, ctx.tz, FILE_MAX_BYTES);
      const short = req.what === "hazards" ? x.hazardsName : req.what.short;
      const example = splitExample(short, req.periods ?? [], plan.periodsPerFile);
      if (plan.rows >= XLSX_MAX_ROWS) return ctx.reply(x.tooManyRows(plan.rows, plan.periodsPerFile, example));
      if (plan.bytes > FILE_MAX_BYTES) return ctx.reply(x.tooLargeAhead(Math.ceil(plan.bytes / 1024 / 1024), plan.periodsPerFile, example));
      const heavy = ctx.services.heavy;
      const later = ctx.services.sendLater;
      if (!heavy || !later) return exportNow(ctx, request);
      const ahead = heavy.exports.ahead();
      if (ahead >= heavy.exports.concurrency + heavy.exports.maxWaiting) return ctx.reply(x.queueFull(ahead));
      // Built in its turn, off the event loop, after this answer: the file follows through the outbox (a restart
      // loses a build under way; the person asks again).
      const name = exportName(request);
      ctx.reply(x.queued(name, ahead));
      const person = { id: ctx.person.id, userid: ctx.person.userid };
      const key = `export:${ctx.event.id}`;
      const { db, now, tz, log } = ctx;
      const job = {
        what: req.what === "hazards" ? "hazards" : req.what.id,
        periods: req.periods,
        label: req.label,
        scope: scope ? [...scope] : null,
        who,
        now: now.toISOString(),
        tz,
      };
      void onePerPerson(person.id, () => heavy.export(job))
        .then(async (f) => {
          if (!f) return later(person.userid, [text(x.busy())], key);
          if (f.size > FILE_MAX_BYTES) return later(person.userid, [text(x.tooLarge(Math.ceil(f.size / 1024 / 1024)))], key);
          await db.auditLog.create({
            data: { actor: person.userid, action: "export", subject: f.name, at: now, detail: { rows: f.rows, bytes: f.size } },
          });
          await later(person.userid, [text(x.sent(f.name, f.rows)), file(f.name, Buffer.concat(f.parts))], key);
        })
        .catch(async (err: unknown) => {
          log.error({ err: err instanceof Error ? err.message : String(err) }, "export failed");
          if (err instanceof QueueFull) return later(person.userid, [text(x.queueFull(err.waiting))], key).catch(() => undefined);
          await later(person.userid, [text(x.failed(name))], key).catch(() => undefined);
        });
    },
  };
}

/** Without a queue and a way to send later (a bare bot in tests): built now, sent with the answer. */
async function exportNow(ctx: BotContext, request: ExportRequest): Promise<void> {
  const f = await onePerPerson(ctx.person.id, () => buildExport(ctx.db, request, ctx.now, ctx.tz));
  if (!f) return ctx.reply(x.busy());
  if (f.file.size > FILE_MAX_BYTES) return ctx.reply(x.tooLarge(Math.ceil(f.file.size / 1024 / 1024)));
  await ctx.audit("export", f.name, { rows: f.rows, bytes: f.file.size });
  ctx.reply(x.sent(f.name, f.rows));
  ctx.replies.push(file(f.name, xlsxBytes(f.file)));
}
