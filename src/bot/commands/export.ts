/**
 * 导出 <报表|隐患> [期间|起..止]: an XLSX of what the person may see — viewers and admins every unit,
 * principals and reporters their own, inspectors their schools — sent in the chat as a file. One export
 * per person at a time; a file over WeCom's 20 MB is refused with the way to get it from the CLI.
 */
import { commandTexts } from "../../../templates/commands.js";
import { exportTexts as x } from "../../../templates/exports.js";
import { file } from "../../chat/reply.js";
import { visibleUnits } from "../../domain/scope.js";
import { buildExport, exportOwner, onePerPerson } from "../../exports/export.js";
import { parseExport } from "../../exports/request.js";
import { xlsxBytes } from "../../exports/xlsx.js";
import { FILE_MAX_BYTES } from "../../wecom/limits.js";
import type { Command } from "./registry.js";

export function exportCommand(): Command {
  return {
    id: "export",
    names: ["导出"],
    alias: "/export",
    roles: ["viewer", "admin", "principal", "reporter", "inspector"],
    ...commandTexts.export,
    async run(ctx, args) {
      const req = parseExport(args, ctx.now, ctx.tz, ctx.today);
      if (!req.ok) return ctx.reply(req.reply);
      const scope = visibleUnits(ctx.person);
      if (scope && scope.size === 0) return ctx.reply(x.nothingToSee());
      const who = await exportOwner(ctx.db, scope, ctx.person.name);
      const f = await onePerPerson(ctx.person.id, () =>
        buildExport(ctx.db, { what: req.what, periods: req.periods, label: req.label, scope, who }, ctx.now, ctx.tz),
      );
      if (!f) return ctx.reply(x.busy());
      if (f.file.size > FILE_MAX_BYTES) return ctx.reply(x.tooLarge(Math.ceil(f.file.size / 1024 / 1024)));
      await ctx.audit("export", f.name, { rows: f.rows, bytes: f.file.size });
      ctx.reply(x.sent(f.name, f.rows));
      ctx.replies.push(file(f.name, xlsxBytes(f.file)));
    },
  };
}
