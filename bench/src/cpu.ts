// CPU accounting from /proc: CPU seconds (user + system, all threads) of each
// process, and of the whole machine, between two readings. Linux only; where
// /proc is missing the readings are null and the report says "n/a".
import { readFileSync } from "node:fs";

// USER_HZ is 100 on every Linux build we run on (getconf CLK_TCK).
const CLK_TCK = 100;

/** CPU seconds used so far by `pid`, or null when it cannot be read. */
export function processCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may contain spaces) start at "state".
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12])) / CLK_TCK;
  } catch {
    return null;
  }
}

/** Busy and total CPU seconds of the whole machine so far. */
export function machineCpuSeconds(): { busy: number; total: number } | null {
  try {
    const line = readFileSync("/proc/stat", "utf8").split("\n")[0]!;
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = (v[3] ?? 0) + (v[4] ?? 0);
    return { busy: (total - idle) / CLK_TCK, total: total / CLK_TCK };
  } catch {
    return null;
  }
}

/** CPU seconds per named group of pids (and the machine) over an interval. */
export interface CpuUsage {
  seconds: number;
  groups: Record<string, number | null>;
  machineBusy: number | null;
  machineTotal: number | null;
}

/** Start measuring; `stop()` returns the usage since `start`. */
export function startCpuMeter(groups: Record<string, () => number[]>): { stop(): CpuUsage } {
  const t0 = performance.now();
  const before = new Map<number, number | null>();
  const m0 = machineCpuSeconds();
  const read = () => {
    for (const pids of Object.values(groups)) for (const pid of pids()) if (!before.has(pid)) before.set(pid, processCpuSeconds(pid));
  };
  read();
  return {
    stop() {
      const m1 = machineCpuSeconds();
      const out: Record<string, number | null> = {};
      for (const [name, pids] of Object.entries(groups)) {
        let sum: number | null = 0;
        for (const pid of pids()) {
          const a = before.get(pid) ?? 0;
          const b = processCpuSeconds(pid);
          if (b === null || a === null) sum = null;
          else if (sum !== null) sum += b - a;
        }
        out[name] = sum === null ? null : Math.round(sum * 100) / 100;
      }
      return {
        seconds: Math.round((performance.now() - t0) / 10) / 100,
        groups: out,
        machineBusy: m0 && m1 ? Math.round((m1.busy - m0.busy) * 100) / 100 : null,
        machineTotal: m0 && m1 ? Math.round((m1.total - m0.total) * 100) / 100 : null,
      };
    },
  };
}
