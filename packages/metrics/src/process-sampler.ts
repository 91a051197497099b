// Samples this process's CPU and memory with pidusage into the inherited
// gauges. pidusage reports CPU as the share used since its previous call, so a
// steady interval gives a steady meaning to api_cpu_usage_percent.
import { createRequire } from "node:module";
import type { Gauge, Registry } from "prom-client";

/** What pidusage reports for one pid (the fields we read). */
interface PidUsage {
  /** Percent of one core since the previous call (0..100 × cores). */
  cpu: number;
  /** Resident set size in bytes. */
  memory: number;
}

// pidusage ships no type declarations, and an ambient `declare module` here
// would not be seen by the apps that compile this package's sources; loading it
// through require with a local type keeps every consumer's typecheck clean.
const pidusage = createRequire(import.meta.url)("pidusage") as (pid: number) => Promise<PidUsage>;

/** Options of {@link startProcessSampler}. */
export interface ProcessSamplerOptions {
  registry: Registry;
  /** @defaultValue 5000 */
  intervalMs?: number;
}

const CPU = "api_cpu_usage_percent";
const MEMORY = ["api_memory_usage", "api_memory_usage_bytes"];

/**
 * Sample CPU and memory every `intervalMs` into whichever of the sampled gauges
 * the registry defines (the API kind defines them; on a worker registry it does nothing).
 */
export function startProcessSampler({ registry, intervalMs = 5000 }: ProcessSamplerOptions): { stop(): void } {
  if (!Number.isFinite(intervalMs) || intervalMs < 10) {
    throw new RangeError(`startProcessSampler: intervalMs must be >= 10, got ${intervalMs}`);
  }
  const cpu = registry.getSingleMetric(CPU) as Gauge | undefined;
  const memory = MEMORY.map((n) => registry.getSingleMetric(n) as Gauge | undefined).filter((g) => g !== undefined);
  if (!cpu && memory.length === 0) return { stop() {} };

  let stopped = false;
  let inFlight = false;
  const sample = async (): Promise<void> => {
    if (inFlight || stopped) return;
    inFlight = true;
    try {
      const stats = await pidusage(process.pid);
      if (stopped) return;
      cpu?.set(stats.cpu);
      for (const g of memory) g.set(stats.memory);
    } catch {
      // A failed read (e.g. /proc unavailable) keeps the previous values; the next tick retries.
    } finally {
      inFlight = false;
    }
  };
  void sample();
  const timer = setInterval(() => void sample(), intervalMs);
  timer.unref();
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
