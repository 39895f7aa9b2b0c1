/**
 * How the machine's CPU time went over a stretch of a bench, from /proc/stat: busy, and taken by the hypervisor (steal). Machines
 * of our kind are VMs; when a neighbour is busy, steal reaches 30–60 % for minutes, and a latency figure
 * taken then says more about the neighbour than about the code. The table states it beside the figure,
 * with how busy the machine's two cores were.
 */
import { readFileSync } from "node:fs";

type Ticks = { steal: number; idle: number; total: number };

function ticks(): Ticks | null {
  try {
    const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
    // user nice system idle iowait irq softirq steal (guest time is counted in user already)
    const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0);
    return { steal: cpu[7] ?? 0, idle: (cpu[3] ?? 0) + (cpu[4] ?? 0), total };
  } catch {
    return null; // not Linux
  }
}

export type CpuShare = { busy: number; steal: number };

/**
 * Starts measuring; the function returned gives, since then, as % of the machine's CPU time: busy (neither
 * idle nor stolen: what this machine's processes used) and steal. Null: unknown (not Linux).
 */
export function cpuMeter(): () => CpuShare | null {
  const start = ticks();
  return () => {
    const end = ticks();
    if (!start || !end || end.total === start.total) return null;
    const total = end.total - start.total;
    const pct = (n: number) => Math.round((n / total) * 1000) / 10;
    const steal = end.steal - start.steal;
    return { busy: pct(total - steal - (end.idle - start.idle)), steal: pct(steal) };
  };
}

/** "busy / steal" for a table. */
export const cpuText = (c: CpuShare | null) => (c ? `${c.busy} / ${c.steal}` : "?");
