/**
 * The kinds a running bot knows, as one instance handed to the bot, the scheduler, the exports and the dashboard
 * (no module-level list): the built-in spec files and the kinds loaded since (`kind load`), in order — 安全检查,
 * 课后服务, 督导, 进度, then the loaded ones. Lookups by id (a stored report's, reminder's or digest's) and by the
 * words people type (安全检查 / 安全 / /safety). `refresh` follows the database: a kind loaded by the CLI is asked
 * within `refreshMs` without a restart; an old version is built on demand to show the reports filled with it.
 */
import type { Db } from "../db/client.js";
import { BUILTIN_KIND_IDS, builtinSpecs } from "./builtin.js";
import type { CompiledSpec } from "./compile.js";
import { type FormKind, hasForm, type Kind } from "./kind.js";
import { makeKind } from "./make-kind.js";
import { latestSpecs, recordBuiltins, specAt, versionsMark } from "./store.js";

export type RegistryOptions = {
  /** How often at most the database is asked whether a kind changed (0: every time). */
  refreshMs?: number;
  /** Told when a stored spec cannot be compiled (left out; the rest go on). */
  onBroken?: (b: { kindId: string; version: number; why: string }) => void;
};

export class KindRegistry {
  #kinds: Kind[] = [];
  #byId = new Map<string, Kind>();
  #old = new Map<string, Kind>();
  /** Changes whenever the kinds change (the bot rebuilds its commands when it does). */
  generation = 0;
  readonly #refreshMs: number;
  readonly #onBroken: RegistryOptions["onBroken"];
  #mark = -1;
  #checkedAt = Number.NEGATIVE_INFINITY;
  #recorded = false;
  #refreshing: Promise<boolean> | null = null;

  constructor(specs: Iterable<CompiledSpec>, opts: RegistryOptions = {}) {
    this.#refreshMs = opts.refreshMs ?? 2_000;
    this.#onBroken = opts.onBroken;
    this.replace(specs);
  }

  /** The built-in kinds alone (the shipped spec files), until the first refresh reads what was loaded. */
  static builtin(opts: RegistryOptions = {}): KindRegistry {
    return new KindRegistry(
      BUILTIN_KIND_IDS.map((id) => builtinSpecs().get(id) as CompiledSpec),
      opts,
    );
  }

  /**
   * Reads the kinds again when a version was stored since the last look (at most every `refreshMs`); the first
   * call records the built-in files' versions. True when the kinds changed. Calls at once share one look.
   */
  refresh(db: Db, now: Date): Promise<boolean> {
    const t = performance.now();
    if (this.#refreshing) return this.#refreshing;
    if (this.#recorded && t - this.#checkedAt < this.#refreshMs) return Promise.resolve(false);
    this.#refreshing = (async () => {
      try {
        if (!this.#recorded) {
          await recordBuiltins(db, now);
          this.#recorded = true;
        }
        const mark = await versionsMark(db);
        this.#checkedAt = performance.now();
        if (mark === this.#mark) return false;
        const { specs, broken } = await latestSpecs(db);
        for (const b of broken) this.#onBroken?.(b);
        const before = this.#kinds.map((k) => `${k.id}@${k.version}`).join(",");
        this.#mark = mark;
        if (specs.map((s) => `${s.spec.id}@${s.spec.version}`).join(",") === before) return false;
        this.replace(specs);
        return true;
      } finally {
        this.#refreshing = null;
      }
    })();
    return this.#refreshing;
  }

  /**
   * The form a report was filled with: its kind at the report's version (with that version's questions), or the
   * kind as it is when that version cannot be read. `older`: the report's version is not the current one.
   */
  async formAt(db: Db, kind: FormKind, version: number): Promise<{ kind: FormKind; older: boolean }> {
    if (version === kind.version) return { kind, older: false };
    const then = await this.atVersion(db, kind.id, version);
    return then && hasForm(then) ? { kind: then, older: true } : { kind, older: false };
  }

  /** The kind as it was at a version (a stored report's): the current one, an older one built from its spec, or null. */
  async atVersion(db: Db, id: string, version: number): Promise<Kind | null> {
    const now = this.#byId.get(id);
    if (now && now.version === version) return now;
    const key = `${id}@${version}`;
    const had = this.#old.get(key);
    if (had) return had;
    const spec = await specAt(db, id, version);
    if (!spec) return null;
    const k = makeKind(spec, (other) => this.#byId.get(other) ?? null);
    if (this.#old.size > 200) this.#old.clear();
    this.#old.set(key, k);
    return k;
  }

  /** Rebuilds every kind from these specs (a kind's figure may read another's: each finds the others here). */
  replace(specs: Iterable<CompiledSpec>): void {
    const kinds: Kind[] = [];
    const byId = new Map<string, Kind>();
    for (const c of specs) {
      const k = makeKind(c, (id) => this.#byId.get(id) ?? null);
      kinds.push(k);
      byId.set(k.id, k);
    }
    this.#kinds = kinds;
    this.#byId = byId;
    this.generation++;
  }

  all(): readonly Kind[] {
    return this.#kinds;
  }

  /** The kinds with a form of their own (one report per unit, period and subject). */
  withForms(): FormKind[] {
    return this.#kinds.filter(hasForm);
  }

  /** The kind with this id (a stored reminder's or digest's), or null. */
  byId(id: string): Kind | null {
    return this.#byId.get(id) ?? null;
  }

  /** 安全检查 / 安全 / 课后服务 / 课后 / 进度 / 督导 (and the ASCII aliases) → the kind. */
  byWord(word: string): Kind | null {
    const w = word.trim().toLowerCase();
    return this.#kinds.find((k) => k.name === w || k.short === w || k.alias === w || k.alias.slice(1) === w) ?? null;
  }

  /** The groups' purposes (用途) the kinds use, and 综合. */
  purposes(): string[] {
    return [...new Set(this.#kinds.map((k) => k.purpose).filter((p) => p !== "综合")), "综合"];
  }
}
