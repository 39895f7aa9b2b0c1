/**
 * CPU time the hypervisor took from this VM (steal) over a stretch of a bench, from /proc/stat. Machines
 * of our kind are VMs; when a neighbour is busy, steal reaches 30–60 % for minutes, and a latency figure
 * taken then says more about the neighbour than about the code. The table states it beside the figure.
 */
import { readFileSync } from "node:fs";

type Ticks = { steal: number; total: number };

function ticks(): Ticks | null {
  try {
    const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
    // user nice system idle iowait irq softirq steal (guest time is counted in user already)
    const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0);
    return { steal: cpu[7] ?? 0, total };
  } catch {
    return null; // not Linux
  }
}

/** Starts measuring; the function returned gives the steal since then, as % of the machine's CPU time (null: unknown). */
export function stealMeter(): () => number | null {
  const start = ticks();
  return () => {
    const end = ticks();
    if (!start || !end || end.total === start.total) return null;
    return Math.round(((end.steal - start.steal) / (end.total - start.total)) * 1000) / 10;
  };
}
