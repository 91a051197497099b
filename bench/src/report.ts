// The bench's results: the JSON written to bench/results/latest.json, the
// printed tables, and the ratios and targets computed from one run.
import type { BatchResult } from "./batch-load.js";
import type { CpuUsage } from "./cpu.js";
import type { LoadResult } from "./wrk-result.js";

/** One wrk run against one system. */
export interface LoadRow {
  system: "service" | "ceiling" | "naive" | "noop" | "api";
  workers: number;
  image: string;
  connections: number;
  result: LoadResult;
  cpu: CpuUsage | null;
  /** Mean images per forward pass in the workers during the run (from worker_batch_size). */
  meanBatch?: number | null;
  /** Mean time from enqueue to a worker starting the job, ms (from worker_queue_wait_seconds). */
  meanQueueWaitMs?: number | null;
}

/** One POST /jobs run. */
export interface BatchRow {
  system: "service" | "noop";
  workers: number;
  result: BatchResult;
  cpu: CpuUsage | null;
}

/** A target of issue 6 and whether this run met it. */
export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean | null;
}

/** Everything one bench run produced. */
export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  machine: Record<string, unknown>;
  options: Record<string, unknown>;
  images: { name: string; bytes: number; label: number; sanity: Record<string, string> }[];
  loads: LoadRow[];
  batches: BatchRow[];
  ratios: Record<string, number | null>;
  targets: TargetCheck[];
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + " ".repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : " ".repeat(n - s.length) + s);

/** A fixed-width text table. */
export function table(header: string[], rows: string[][]): string {
  const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? pad(c, w[i]!) : lpad(c, w[i]!))).join("  ");
  return [line(header), w.map((n) => "-".repeat(n)).join("  "), ...rows.map(line)].join("\n");
}

/** CPU milliseconds per request (or image) of each group, and the machine's busy share. */
export function cpuPerUnit(cpu: CpuUsage | null, units: number): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  if (!cpu || units <= 0) return out;
  for (const [k, v] of Object.entries(cpu.groups)) out[k] = v === null ? null : Math.round((v / units) * 1e6) / 1e3;
  if (cpu.machineBusy !== null) out.machine = Math.round((cpu.machineBusy / units) * 1e6) / 1e3;
  return out;
}

const f = (x: number | null | undefined, d = 1) => (x === null || x === undefined ? "n/a" : x.toFixed(d));

/** The load table. */
export function loadTable(rows: LoadRow[]): string {
  return table(
    ["system", "workers", "image", "conns", "req/s", "p50 ms", "p99 ms", "errors", "batch", "q-wait ms", "CPU ms/req api", "worker", "redis", "wrk", "machine"],
    rows.map((r) => {
      const c = cpuPerUnit(r.cpu, r.result.requests);
      return [
        r.system,
        r.system === "service" || r.system === "noop" ? String(r.workers) : "-",
        r.image,
        String(r.connections),
        f(r.result.rps, 0),
        f(r.result.latencyMs.p50, 2),
        f(r.result.latencyMs.p99, 2),
        String(r.result.errors),
        f(r.meanBatch, 1),
        f(r.meanQueueWaitMs, 2),
        f(c.api, 3),
        r.workers && r.system !== "ceiling" && r.system !== "naive" ? f(c.workers, 3) : "-",
        f(c.redis, 3),
        f(c.wrk, 3),
        f(c.machine, 3),
      ];
    }),
  );
}

/** The batch table. */
export function batchTable(rows: BatchRow[]): string {
  return table(
    ["system", "workers", "images", "seconds", "enqueue s", "images/s", "failed", "CPU ms/img api", "worker", "redis", "machine"],
    rows.map((r) => {
      const c = cpuPerUnit(r.cpu, r.result.images);
      return [
        r.system,
        String(r.workers),
        String(r.result.images),
        f(r.result.seconds, 2),
        f(r.result.enqueueSeconds, 2),
        String(r.result.imagesPerSecond),
        String(r.result.failed),
        f(c.api, 3),
        f(c.workers, 3),
        f(c.redis, 3),
        f(c.machine, 3),
      ];
    }),
  );
}

function find(rows: LoadRow[], system: LoadRow["system"], image: string, conns: number, workers?: number): LoadRow | undefined {
  return rows.find((r) => r.system === system && r.image === image && r.connections === conns && (workers === undefined || r.workers === workers));
}

const ratio = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined || b === 0 ? null : Math.round((a / b) * 100) / 100;

/** Ratios and target checks from the rows of one run. */
export function summarise(loads: LoadRow[], batches: BatchRow[], workers: number, maxConns: number): Pick<BenchReport, "ratios" | "targets"> {
  const ratios: Record<string, number | null> = {};
  for (const image of ["png28", "jpeg1000"]) {
    const s = find(loads, "service", image, maxConns, workers)?.result.rps;
    ratios[`service/ceiling ${image} @${maxConns}`] = ratio(s, find(loads, "ceiling", image, maxConns)?.result.rps);
    ratios[`service/naive ${image} @${maxConns}`] = ratio(s, find(loads, "naive", image, maxConns)?.result.rps);
  }
  ratios[`service/noop round trip png28 @${maxConns}`] = ratio(
    find(loads, "service", "png28", maxConns, workers)?.result.rps,
    find(loads, "noop", "png28", maxConns)?.result.rps,
  );
  const batch = batches.find((b) => b.system === "service" && b.workers === workers)?.result.imagesPerSecond;
  ratios["batch/noop drain"] = ratio(batch, batches.find((b) => b.system === "noop")?.result.imagesPerSecond);
  ratios[`scaling png28 @${maxConns} ${workers}w/1w`] = ratio(
    find(loads, "service", "png28", maxConns, workers)?.result.rps,
    find(loads, "service", "png28", maxConns, 1)?.result.rps,
  );
  ratios[`scaling batch ${workers}w/1w`] = ratio(batch, batches.find((b) => b.system === "service" && b.workers === 1)?.result.imagesPerSecond);
  for (const k of Object.keys(ratios)) if (ratios[k] === null) delete ratios[k];

  const targets: TargetCheck[] = [];
  const check = (target: string, value: number | null | undefined, ok: (v: number) => boolean, show: (v: number) => string) => {
    if (value === null || value === undefined) return;
    targets.push({ target, measured: show(value), met: ok(value) });
  };
  const rc = ratios[`service/ceiling png28 @${maxConns}`];
  const rn = ratios[`service/naive png28 @${maxConns}`];
  check(`/predict png28 @${maxConns} >= 0.8x ceiling`, rc, (v) => v >= 0.8, (v) => `${v}x`);
  check(`/predict png28 @${maxConns} >= 3x naive`, rn, (v) => v >= 3, (v) => `${v}x`);
  const one = find(loads, "service", "png28", 1, workers)?.result.latencyMs;
  check("@1 connection p50 <= 3 ms", one?.p50, (v) => v <= 3, (v) => `${v} ms`);
  check("@1 connection p99 <= 8 ms", one?.p99, (v) => v <= 8, (v) => `${v} ms`);
  check("10k batch >= 0.5x no-op drain", ratios["batch/noop drain"], (v) => v >= 0.5, (v) => `${v}x`);
  return { ratios, targets };
}
