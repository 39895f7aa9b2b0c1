/**
 * Every version of every kind, kept in the database (KindVersion): the built-in spec files as shipped (recorded at
 * start) and each `kind load` after. The latest version of each kind is the one asked; older ones show the reports
 * filled with them. A loaded spec is checked whole (BadSpec names every key) and compared with the kind's latest:
 * the same spec stores nothing; a changed one is the next version, with what changed said in Chinese.
 */
import type { Db } from "../db/client.js";
import { BUILTIN_KIND_IDS, builtinSpecs } from "./builtin.js";
import { specChanges } from "./changes.js";
import { type CompiledSpec, compileSpec } from "./compile.js";
import { BadSpec, type KindSpec } from "./spec.js";

type Row = { id: number; kindId: string; version: number; spec: string };

/** Specs never change once stored: each (kind, version) is compiled once per process. */
const compiledRows = new Map<string, CompiledSpec>();

function compiledOf(row: Row): CompiledSpec {
  const key = `${row.kindId}@${row.version}`;
  let c = compiledRows.get(key);
  if (!c) {
    c = compileSpec(JSON.parse(row.spec));
    compiledRows.set(key, c);
  }
  return c;
}

/** The spec as stored and exported: its keys in the order the spec gives them, two-space indented. */
export const specText = (spec: KindSpec): string => `${JSON.stringify(spec, null, 2)}\n`;

/** Whether two specs say the same, whatever their version numbers. */
function sameSpec(a: KindSpec, b: KindSpec): boolean {
  return JSON.stringify({ ...a, version: 0 }) === JSON.stringify({ ...b, version: 0 });
}

const isUniqueViolation = (err: unknown) => (err as { code?: string } | null)?.code === "P2002";

/**
 * Records each built-in spec file's version once (so a report filled with it can be shown with its questions after
 * the file or a `kind load` changes the kind). Another process recording the same row at once is not an error.
 */
export async function recordBuiltins(db: Db, now: Date): Promise<void> {
  const stored = await db.kindVersion.findMany({
    where: { kindId: { in: [...BUILTIN_KIND_IDS] } },
    select: { kindId: true, version: true },
  });
  const have = new Set(stored.map((r) => `${r.kindId}@${r.version}`));
  for (const [id, c] of builtinSpecs()) {
    if (have.has(`${id}@${c.spec.version}`)) continue;
    try {
      await db.kindVersion.create({
        data: { kindId: id, version: c.spec.version, spec: specText(c.spec), source: "builtin", loadedBy: "", at: now },
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
  }
}

/** A cheap mark that changes whenever a version is stored (the registry reloads when it does). */
export async function versionsMark(db: Db): Promise<number> {
  const r = await db.kindVersion.aggregate({ _max: { id: true } });
  return r._max.id ?? 0;
}

/**
 * The kinds as asked now: each kind's latest stored version (a built-in kind's shipped file when nothing newer is
 * stored), built-in kinds first in their order, then the loaded ones in the order they were first loaded. A stored
 * spec this version of the bot cannot compile is left out and named in `broken` (the start goes on without it).
 */
export async function latestSpecs(db: Db): Promise<{ specs: CompiledSpec[]; broken: { kindId: string; version: number; why: string }[] }> {
  const rows = await db.kindVersion.findMany({ orderBy: { id: "asc" }, select: { id: true, kindId: true, version: true, spec: true } });
  const latest = new Map<string, Row>();
  const firstSeen: string[] = [];
  for (const r of rows) {
    const had = latest.get(r.kindId);
    if (!had) firstSeen.push(r.kindId);
    if (!had || r.version > had.version) latest.set(r.kindId, r);
  }
  const builtin = builtinSpecs();
  const order = [...BUILTIN_KIND_IDS, ...firstSeen.filter((id) => !builtin.has(id))];
  const specs: CompiledSpec[] = [];
  const broken: { kindId: string; version: number; why: string }[] = [];
  for (const id of order) {
    const row = latest.get(id);
    const shipped = builtin.get(id);
    if (shipped && (!row || row.version <= shipped.spec.version)) {
      specs.push(shipped);
      continue;
    }
    if (!row) continue;
    try {
      specs.push(compiledOf(row));
    } catch (err) {
      broken.push({ kindId: id, version: row.version, why: err instanceof BadSpec ? err.problems.join("；") : String(err) });
      if (shipped) specs.push(shipped);
    }
  }
  return { specs, broken };
}

/** One version of a kind (a stored report's), or null when it was never stored. */
export async function specAt(db: Db, kindId: string, version: number): Promise<CompiledSpec | null> {
  const shipped = builtinSpecs().get(kindId);
  if (shipped && shipped.spec.version === version) return shipped;
  const row = await db.kindVersion.findUnique({
    where: { kindId_version: { kindId, version } },
    select: { id: true, kindId: true, version: true, spec: true },
  });
  if (!row) return null;
  try {
    return compiledOf(row);
  } catch {
    return null;
  }
}

export type KindListing = { kindId: string; name: string; version: number; versions: number; source: string; at: Date; changes: string };

/** `kind list`: each kind's latest version, how many it has had, and where and when the latest came from. */
export async function listKinds(db: Db): Promise<KindListing[]> {
  const rows = await db.kindVersion.findMany({ orderBy: { id: "asc" } });
  const by = new Map<string, KindListing>();
  for (const r of rows) {
    const had = by.get(r.kindId);
    const versions = (had?.versions ?? 0) + 1;
    const spec = JSON.parse(r.spec) as { name?: unknown };
    if (!had || r.version > had.version)
      by.set(r.kindId, {
        kindId: r.kindId,
        name: typeof spec.name === "string" ? spec.name : r.kindId,
        version: r.version,
        versions,
        source: r.source,
        at: r.at,
        changes: r.changes,
      });
    else had.versions = versions;
  }
  return [...by.values()];
}

export type LoadResult =
  | { stored: false; kindId: string; name: string; version: number }
  | { stored: true; kindId: string; name: string; version: number; previous: number | null; changes: string[] };

/**
 * `kind load`: checks the spec whole; refuses names and commands another kind already answers to; stores it as the
 * kind's next version unless it says what the latest says. The version written in the file is not trusted: the
 * next number is given (a bureau officer edits the words, not the numbering).
 */
export async function loadKindSpec(
  db: Db,
  data: unknown,
  by: string,
  now: Date,
  /** The bot's other command words (帮助, 我的, 汇总 …): a kind may not take one. */
  reserved: ReadonlySet<string> = new Set(),
): Promise<LoadResult> {
  const first = compileSpec(data);
  const { specs } = await latestSpecs(db);
  const current = specs.find((s) => s.spec.id === first.spec.id) ?? null;
  const clashes = nameClashes(
    first.spec,
    specs.filter((s) => s.spec.id !== first.spec.id).map((s) => s.spec),
    reserved,
  );
  if (!current && reserved.has(`id:${first.spec.id}`)) clashes.unshift(`id：「${first.spec.id}」已被机器人自己的命令或表单使用，请换一个`);
  if (clashes.length) throw new BadSpec(clashes);
  if (current && sameSpec(current.spec, first.spec))
    return { stored: false, kindId: first.spec.id, name: first.spec.name, version: current.spec.version };
  const latest = await db.kindVersion.aggregate({ where: { kindId: first.spec.id }, _max: { version: true } });
  const version = Math.max(latest._max.version ?? 0, current?.spec.version ?? 0) + 1;
  const spec: KindSpec = { ...first.spec, version };
  compileSpec(spec);
  const changes = current ? specChanges(current.spec, spec) : [];
  await db.kindVersion.create({
    data: { kindId: spec.id, version, spec: specText(spec), source: "load", loadedBy: by, changes: changes.join("\n"), at: now },
  });
  return { stored: true, kindId: spec.id, name: spec.name, version, previous: current?.spec.version ?? null, changes };
}

/** The words a person types for a kind (名称, 简称, /alias): no two kinds may share one. */
function nameClashes(spec: KindSpec, others: readonly KindSpec[], reserved: ReadonlySet<string>): string[] {
  const words = (s: KindSpec) => [s.name, s.short, s.alias ?? `/${s.id}`];
  const problems: string[] = [];
  for (const [i, w] of words(spec).entries())
    if (reserved.has(w.toLowerCase())) problems.push(`${["name", "short", "alias"][i]}：「${w}」是机器人的命令，请换一个`);
  for (const o of others)
    for (const [i, w] of words(spec).entries())
      if (words(o).includes(w)) problems.push(`${["name", "short", "alias"][i]}：「${w}」已是「${o.name}」的名称，请换一个`);
  return problems;
}
