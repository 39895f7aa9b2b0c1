/**
 * `npm run cli -- export <报表|隐患> [期间|起..止] [--out 文件.xlsx] [--unit 单位代码]`: the operator's export,
 * every unit (or one), written to a file — no size limit but Excel's rows.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import path from "node:path";
import { exportTexts as x } from "../../templates/exports.js";
import { safeFileName } from "../chat/file-name.js";
import type { Db } from "../db/client.js";
import { AppError } from "../errors.js";
import type { KindRegistry } from "../kinds/registry.js";
import { localDate } from "../time/zoned.js";
import { buildExport } from "./export.js";
import { parseExport } from "./request.js";

/**
 * `dir`: where a file without --out goes (the current directory): its name is built from data, so it is made safe
 * (chat/file-name.ts) and joined to `dir` — never a path of its own. --out is written where the operator said.
 */
export async function exportToFile(
  db: Db,
  kinds: KindRegistry,
  args: string[],
  now: Date,
  tz: string,
  dir = process.cwd(),
): Promise<string> {
  const flag = (name: string) => {
    const i = args.indexOf(name);
    if (i < 0) return undefined;
    const v = args[i + 1];
    args.splice(i, 2);
    if (!v) throw new AppError("BAD_REQUEST", `${name} 后面缺少值`);
    return v;
  };
  const out = flag("--out");
  const unitCode = flag("--unit");
  const req = parseExport(kinds, args, now, tz, localDate(now, tz));
  if (!req.ok) throw new AppError("BAD_REQUEST", req.reply);
  let scope: Set<number> | null = null;
  let who: string = x.county;
  if (unitCode) {
    const unit = await db.unit.findUnique({ where: { code: unitCode } });
    if (!unit) throw new AppError("NOT_FOUND", x.unknownUnit(unitCode));
    scope = new Set([unit.id]);
    who = unit.name;
  }
  const f = await buildExport(db, { what: req.what, periods: req.periods, label: req.label, scope, who }, now, tz);
  const file = out ?? path.join(dir, safeFileName(f.name));
  const fd = openSync(file, "w");
  try {
    for (const part of f.file.parts) writeSync(fd, part);
  } finally {
    closeSync(fd);
  }
  return x.written(file, f.rows, Math.ceil(f.file.size / 1024));
}
