import { test } from "node:test";
import assert from "node:assert/strict";
import { cpuPerUnit, summarise, table, type BatchRow, type LoadRow } from "./report.js";
import type { LoadResult } from "./wrk-result.js";

function result(rps: number, p50 = 1, p99 = 2): LoadResult {
  return { requests: rps * 10, seconds: 10, rps, errors: 0, non2xx: 0, socketErrors: 0, latencyMs: { mean: p50, p50, p90: p99, p99, max: p99 } };
}
const row = (system: LoadRow["system"], workers: number, connections: number, rps: number, p50?: number, p99?: number): LoadRow => ({
  system,
  workers,
  image: "png28",
  connections,
  result: result(rps, p50, p99),
  cpu: null,
});
const batch = (system: BatchRow["system"], workers: number, imagesPerSecond: number): BatchRow => ({
  system,
  workers,
  cpu: null,
  result: { images: 10_000, requests: 10, seconds: 10_000 / imagesPerSecond, enqueueSeconds: 1, imagesPerSecond, failed: 0, throttled: 0 },
});

test("ratios compare the service with each baseline at the highest connection count, and targets say met or not", () => {
  const loads = [
    row("service", 2, 1, 300, 2.5, 9),
    row("service", 2, 64, 900),
    row("ceiling", 0, 64, 1000),
    row("naive", 0, 64, 250),
    row("noop", 2, 64, 1800),
    row("service", 1, 64, 600),
  ];
  const { ratios, targets } = summarise(loads, [batch("service", 2, 1200), batch("noop", 2, 3000)], 2, 64);
  assert.equal(ratios["service/ceiling png28 @64"], 0.9);
  assert.equal(ratios["service/naive png28 @64"], 3.6);
  assert.equal(ratios["batch/noop drain"], 0.4);
  assert.equal(ratios["scaling png28 @64 2w/1w"], 1.5);
  const met = Object.fromEntries(targets.map((t) => [t.target, t.met]));
  assert.deepEqual(met, {
    "/predict png28 @64 >= 0.8x ceiling": true,
    "/predict png28 @64 >= 3x naive": true,
    "@1 connection p50 <= 3 ms": true,
    "@1 connection p99 <= 8 ms": false,
    "10k batch >= 0.5x no-op drain": false,
  });
});

test("a ratio whose baseline was not run is left out rather than reported as zero", () => {
  const { ratios, targets } = summarise([row("service", 2, 64, 900)], [], 2, 64);
  assert.deepEqual(ratios, {});
  assert.deepEqual(targets, []);
});

test("CPU per unit is milliseconds per request, and tables pad their columns", () => {
  const c = cpuPerUnit({ seconds: 10, groups: { api: 2, workers: null }, machineBusy: 5, machineTotal: 20 }, 1000);
  assert.deepEqual(c, { api: 2, workers: null, machine: 5 });
  assert.equal(table(["a", "bb"], [["x", "1"], ["yyy", "22"]]), "a    bb\n---  --\nx     1\nyyy  22");
});
