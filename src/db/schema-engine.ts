/**
 * Prisma's schema engine (migrations, diffs) as WebAssembly, driven through
 * the same driver adapters the app uses. Prisma's CLI wants to download a
 * native engine, which these machines (and many bureau servers) cannot; the
 * official wasm build of the same engine needs no download.
 * See docs/prisma-offline.md for the facts behind each workaround.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type * as Glue from "@prisma/schema-engine-wasm/schema_engine_bg";

export type SchemaEngine = Glue.SchemaEngine;

/** The part of the WebAssembly global used here (@types/node 20 does not declare it). */
declare const WebAssembly: {
  instantiate(bytes: Uint8Array, imports: Record<string, unknown>): Promise<{ instance: { exports: Record<string, unknown> } }>;
};

let lastPanic = "";
/** Kept on globalThis, not in this module: a test runner may load this module twice in one process. */
const LOADED = Symbol.for("wecom-edu-bot.schema-engine-wasm");
type Holder = { [LOADED]?: Promise<typeof Glue> };

/** Instantiates the wasm once per process: a second instantiation corrupts the glue. */
function loadGlue(): Promise<typeof Glue> {
  const holder = globalThis as Holder;
  holder[LOADED] ??= (async () => {
    const g = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown };
    g.PRISMA_WASM_PANIC_REGISTRY ??= {
      set_message(message: string) {
        lastPanic = message;
      },
    };
    const gluePath = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const glue: typeof Glue = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    const bytes = await readFile(path.join(path.dirname(gluePath), "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, {
      "./schema_engine_bg.js": glue,
    });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
    return glue;
  })();
  return holder[LOADED];
}

/**
 * The engine leaves an advisory-lock timer (~10 s) after each command, which
 * keeps a CLI process alive. Timers created while `fn` runs are tracked and
 * cleared afterwards.
 */
async function withoutLingeringTimers<T>(fn: () => Promise<T>): Promise<T> {
  const created = new Set<NodeJS.Timeout>();
  const original = globalThis.setTimeout;
  const tracked = ((...args: Parameters<typeof setTimeout>) => {
    const t = original(...args);
    created.add(t);
    return t;
  }) as typeof setTimeout;
  globalThis.setTimeout = tracked;
  try {
    return await fn();
  } finally {
    globalThis.setTimeout = original;
    for (const t of created) clearTimeout(t);
  }
}

export async function openSchemaEngine(
  factory: SqlMigrationAwareDriverAdapterFactory,
  datamodel: { path: string; content: string },
): Promise<SchemaEngine> {
  const glue = await loadGlue();
  const logs: string[] = [];
  try {
    return await withoutLingeringTimers(() =>
      glue.SchemaEngine.new(
        { datamodels: [[datamodel.path, datamodel.content]] },
        (line: string) => logs.push(line),
        bindMigrationAwareSqlAdapterFactory(factory),
      ),
    );
  } catch (err) {
    throw engineError(err);
  }
}

/** Runs one engine command, clearing the timers it leaves behind and naming any panic. */
export async function runEngine<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await withoutLingeringTimers(fn);
  } catch (err) {
    throw engineError(err);
  }
}

function engineError(err: unknown): Error {
  const message = err instanceof Error ? err.message : String(err);
  const e = new Error(lastPanic ? `${message} (engine panic: ${lastPanic})` : message);
  lastPanic = "";
  return e;
}
