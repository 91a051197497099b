// `node bench/dist/knobs.js`: one short service run per knob setting (sync
// /predict, 28×28 PNG unless the setting says jpeg), then a table of throughput, latency, mean batch and
// CPU per request, so each knob's effect is measured, not guessed.
// Usage: node bench/dist/knobs.js [--duration S] [--connections 1,64] [--only NAME,...]
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cpuPerUnit, table, type BenchReport } from "./report.js";

/** The settings compared; the first is the defaults. */
export const KNOB_SETTINGS: { name: string; env: string; image?: "png" | "jpeg" }[] = [
  { name: "defaults", env: "" },
  { name: "COALESCE_MAX_ITEMS=1", env: "COALESCE_MAX_ITEMS=1" },
  { name: "BATCH_WINDOW_MS=0", env: "BATCH_WINDOW_MS=0" },
  { name: "BATCH_WINDOW_MS=5", env: "BATCH_WINDOW_MS=5" },
  { name: "MAX_BATCH_SIZE=8", env: "MAX_BATCH_SIZE=8" },
  { name: "MAX_BATCH_SIZE=128", env: "MAX_BATCH_SIZE=128" },
  { name: "WORKER_CONCURRENCY=1", env: "WORKER_CONCURRENCY=1" },
  { name: "WORKER_CONCURRENCY=4", env: "WORKER_CONCURRENCY=4" },
  { name: "WORKER_CONCURRENCY=16", env: "WORKER_CONCURRENCY=16" },
  { name: "WORKER_CONCURRENCY=256", env: "WORKER_CONCURRENCY=256" },
  { name: "LOG_LEVEL=info", env: "LOG_LEVEL=info" },
  { name: "defaults, jpeg", env: "", image: "jpeg" },
  { name: "SHARP_CONCURRENCY=2, jpeg", env: "SHARP_CONCURRENCY=2", image: "jpeg" },
];

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : dflt;
}

const main = fileURLToPath(new URL("./main.js", import.meta.url));
const duration = arg("duration", "8");
const connections = arg("connections", "1,64");
const only = arg("only", "");
const chosen = only ? KNOB_SETTINGS.filter((k) => only.split(",").includes(k.name)) : KNOB_SETTINGS;
const rows: string[][] = [];
for (const k of chosen) {
  const out = join(tmpdir(), `knob-${process.pid}-${rows.length}.json`);
  const args = [main, "--scenario", "service", "--images", k.image ?? "png", "--duration", duration, "--warmup", "2", "--connections", connections, "--out", out];
  if (k.env) args.push("--env", k.env);
  process.stdout.write(`${k.name} ...\n`);
  const r = spawnSync(process.execPath, args, { stdio: ["ignore", "ignore", "inherit"] });
  if (r.status !== 0) {
    rows.push([k.name, "failed"]);
    continue;
  }
  const report = JSON.parse(readFileSync(out, "utf8")) as BenchReport;
  rmSync(out, { force: true });
  for (const l of report.loads) {
    const c = cpuPerUnit(l.cpu, l.result.requests);
    rows.push([
      k.name,
      String(l.connections),
      l.result.rps.toFixed(0),
      l.result.latencyMs.p50.toFixed(2),
      l.result.latencyMs.p99.toFixed(2),
      String(l.meanBatch ?? "n/a"),
      String(c.api ?? "n/a"),
      String(c.workers ?? "n/a"),
      String(c.redis ?? "n/a"),
      String(l.result.errors),
    ]);
  }
}
process.stdout.write(`\n${table(["setting", "conns", "req/s", "p50 ms", "p99 ms", "batch", "CPU ms/req api", "workers", "redis", "errors"], rows)}\n`);
