/**
 * The built-in kinds' spec files (prisma/data/kinds/), shipped with the project and loaded at start: 安全检查,
 * 课后服务, 督导, 进度 — in the order 帮助, 汇总 and the digests list them.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "../db/providers.js";
import { type CompiledSpec, compileSpec } from "./compile.js";

export const BUILTIN_KIND_IDS = ["safety", "afterschool", "supervision", "progress"] as const;

export const builtinSpecFile = (id: string) => path.join(ROOT, "prisma", "data", "kinds", `${id}.json`);

let compiled: Map<string, CompiledSpec> | null = null;

/** The built-in specs, read and compiled once (a broken file shipped with the project stops the start, naming it). */
export function builtinSpecs(): ReadonlyMap<string, CompiledSpec> {
  if (!compiled) {
    compiled = new Map(
      BUILTIN_KIND_IDS.map((id) => {
        const file = builtinSpecFile(id);
        try {
          return [id, compileSpec(JSON.parse(readFileSync(file, "utf8")))];
        } catch (err) {
          throw new Error(`${file}: ${err instanceof Error ? err.message : String(err)}`);
        }
      }),
    );
  }
  return compiled;
}

export function builtinSpec(id: (typeof BUILTIN_KIND_IDS)[number]): CompiledSpec {
  const s = builtinSpecs().get(id);
  if (!s) throw new Error(`no built-in kind ${id}`);
  return s;
}
