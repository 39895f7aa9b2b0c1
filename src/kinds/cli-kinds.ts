/**
 * The operator's kind commands: `kind load <spec.json>` (checked whole, stored as the kind's next version, what
 * changed said), `kind list`, `kind export <id|名称> [--out <spec.json>]` (the spec `kind load` reads back unchanged).
 * A running bot asks a loaded kind within seconds, no restart.
 */
import { readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { kindTexts as t } from "../../templates/kinds.js";
import { safeFileName } from "../chat/file-name.js";
import type { Db } from "../db/client.js";
import { AppError } from "../errors.js";
import { formatFullInstantZh } from "../time/zoned.js";
import { KindRegistry } from "./registry.js";
import { BadSpec } from "./spec.js";
import { listKinds, loadKindSpec, specText } from "./store.js";

/** A spec is a page of JSON: anything larger is not one. */
export const SPEC_MAX_BYTES = 1024 * 1024;

/** The kinds as the database has them now (the built-in files and every load). */
export async function currentKinds(db: Db, now: Date): Promise<KindRegistry> {
  const kinds = KindRegistry.builtin({ refreshMs: 0 });
  await kinds.refresh(db, now);
  return kinds;
}

function readSpecFile(file: string): unknown {
  const size = statSync(file).size;
  if (size > SPEC_MAX_BYTES) throw new AppError("BAD_REQUEST", t.tooLarge(file, SPEC_MAX_BYTES));
  const text = readFileSync(file, "utf8").replace(/^\uFEFF/, "");
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new AppError("BAD_REQUEST", t.notJson(file, err instanceof Error ? err.message : String(err)));
  }
}

/** `kind load`: the lines to print; a bad spec throws AppError naming every key that is wrong (nothing stored). */
export async function kindLoad(db: Db, file: string, now: Date, reserved: ReadonlySet<string>): Promise<string[]> {
  const data = readSpecFile(file);
  try {
    const r = await loadKindSpec(db, data, "cli", now, reserved);
    if (!r.stored) return [t.unchanged(r.name, r.version)];
    return r.previous === null
      ? [t.added(r.name, r.kindId, r.version)]
      : [t.changed(r.name, r.previous, r.version), ...r.changes.map((c) => `  ${c}`)];
  } catch (err) {
    if (err instanceof BadSpec) throw new AppError("BAD_REQUEST", t.refused(file), { details: err.problems });
    throw err;
  }
}

/** `kind list`: one line per kind, the latest version first said. */
export async function kindList(db: Db, now: Date, tz: string): Promise<string[]> {
  await currentKinds(db, now);
  const rows = await listKinds(db);
  return rows.map((r) => t.listed(r.name, r.kindId, r.version, r.versions, r.source === "builtin", formatFullInstantZh(r.at, tz)));
}

/** `kind export`: writes the kind's latest spec where the operator said, or `<名称>.json` in `dir`. */
export async function kindExport(db: Db, args: string[], now: Date, dir = process.cwd()): Promise<string> {
  const i = args.indexOf("--out");
  const out = i >= 0 ? args[i + 1] : undefined;
  if (i >= 0 && !out) throw new AppError("BAD_REQUEST", t.outMissing());
  const word = args.filter((_, j) => i < 0 || (j !== i && j !== i + 1))[0];
  if (!word) throw new AppError("BAD_REQUEST", t.whichKind());
  const kinds = await currentKinds(db, now);
  const kind = kinds.byId(word) ?? kinds.byWord(word);
  if (!kind)
    throw new AppError(
      "NOT_FOUND",
      t.unknown(
        word,
        kinds.all().map((k) => k.name),
      ),
    );
  const file = out ?? path.join(dir, safeFileName(`${kind.name}.json`));
  writeFileSync(file, specText(kind.spec));
  return t.exported(kind.name, kind.version, file);
}
