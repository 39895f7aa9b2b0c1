/**
 * The functions that took the most CPU time in V8 profiles (self time), e.g.
 *   BENCH_CPU_PROF=/tmp/prof npm run bench -- callback-sqlite && npx tsx bench/profile-top.ts /tmp/prof
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
const top = Number(process.argv[3] ?? 30);
for (const file of readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"))) {
  const p = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const f = byId.get(id)?.callFrame;
    const key = f ? `${f.functionName || "(anonymous)"} ${f.url.split("/").slice(-3).join("/")}:${f.lineNumber}` : "?";
    const dt = p.timeDeltas[i] ?? 0;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  });
  console.log(`\n${file}: ${(total / 1e6).toFixed(1)} s sampled`);
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${((v / total) * 100).toFixed(1).padStart(5)} %  ${k}`);
}
