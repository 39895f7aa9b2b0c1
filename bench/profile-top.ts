/**
 * The functions that took the most CPU time in V8 profiles (self time), e.g.
 *   BENCH_CPU_PROF=/tmp/prof npm run bench -- callback-sqlite && npx tsx bench/profile-top.ts /tmp/prof
 * With `--by-package`, the self time summed by where the code lives: a package in node_modules (the
 * Prisma client's runtime, better-sqlite3, koa …), a folder of src/, or V8's own (GC, idle, native calls).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number } };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

const dir = process.argv[2];
if (!dir) {
  console.error("usage: tsx bench/profile-top.ts <directory of .cpuprofile files> [how many]");
  process.exit(2);
}
const byPackage = process.argv.includes("--by-package");
const top = Number(process.argv.slice(3).find((a) => /^\d+$/.test(a)) ?? 30);

/** Where a function's code lives, for --by-package. */
function placeOf(url: string, name: string): string {
  if (!url) return name.startsWith("(") ? name : `native: ${name}`;
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = url.slice(nm + "node_modules/".length).split("/");
    return rest[0]?.startsWith("@") ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  const src = url.indexOf("/src/");
  if (src >= 0) {
    const parts = url.slice(src + 1).split("/");
    return parts[1] === "generated" ? "src/generated (Prisma client)" : parts.slice(0, 2).join("/");
  }
  return url.startsWith("node:") ? "node internals" : url.split("/").slice(-2).join("/");
}
for (const file of readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"))) {
  const p = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const f = byId.get(id)?.callFrame;
    const key = !f
      ? "?"
      : byPackage
        ? placeOf(f.url, f.functionName)
        : `${f.functionName || "(anonymous)"} ${f.url.split("/").slice(-3).join("/")}:${f.lineNumber}`;
    const dt = p.timeDeltas[i] ?? 0;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  });
  console.log(`\n${file}: ${(total / 1e6).toFixed(1)} s sampled`);
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${((v / total) * 100).toFixed(1).padStart(5)} %  ${k}`);
}
