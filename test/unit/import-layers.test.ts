/**
 * The layout shows the flow (transport → bot → kinds and reports → outbox → transport): the imports between the
 * source files, read from the files themselves, keep to it — the kinds code has no cycle, and no lower layer
 * imports a higher one.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const SRC = path.join(import.meta.dirname, "..", "..", "src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "generated" ? [] : sourceFiles(p);
    return e.name.endsWith(".ts") ? [p] : [];
  });
}

/** Each file (relative to src/) → the src files it imports (static and dynamic, type-only included). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, "utf8");
    const targets = [...text.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)]
      .map((m) => path.resolve(path.dirname(file), (m[1] as string).replace(/\.js$/, ".ts")))
      .filter((t) => t.startsWith(SRC + path.sep))
      .map((t) => path.relative(SRC, t));
    graph.set(path.relative(SRC, file), [...new Set(targets)]);
  }
  return graph;
}

/** The strongly connected components with more than one file (Tarjan): each is an import cycle. */
function cycles(graph: Map<string, string[]>, within: (f: string) => boolean): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of (graph.get(v) ?? []).filter(within)) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v) as number, idx.get(w) as number));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of [...graph.keys()].filter(within)) if (!idx.has(v)) visit(v);
  return out;
}

const graph = importGraph();
const top = (f: string) => f.split(path.sep)[0] ?? f;
const importsInto = (from: (f: string) => boolean, into: readonly string[]) =>
  [...graph].filter(([f]) => from(f)).flatMap(([f, ts]) => ts.filter((t) => into.includes(top(t))).map((t) => `${f} → ${t}`));

describe("the imports between source files", () => {
  it("read a graph of the whole source (the check cannot pass on nothing)", () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get(path.join("kinds", "registry.ts"))).toContain(path.join("kinds", "make-kind.ts"));
  });

  it("hold no cycle in the kinds and reports code", () => {
    expect(cycles(graph, (f) => top(f) === "kinds" || top(f) === "reports")).toEqual([]);
  });

  it("never go from the kinds, the reports, the forms or the domain up to the bot, the schedules, the exports, the charts, the dashboard or a transport", () => {
    const lower = (f: string) => ["kinds", "reports", "forms", "domain"].includes(top(f));
    expect(importsInto(lower, ["bot", "schedule", "exports", "charts", "web", "wecom", "aibot", "sim", "outbox", "work"])).toEqual([]);
  });

  it("never go from WeCom's transport to the bot or the outbox, nor from the outbox to the schedules", () => {
    expect(importsInto((f) => top(f) === "wecom", ["bot", "outbox"])).toEqual([]);
    expect(importsInto((f) => top(f) === "outbox", ["schedule"])).toEqual([]);
  });
});
