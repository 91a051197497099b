import { test } from "node:test";
import assert from "node:assert/strict";
import { parseWrkOutput } from "./wrk-result.js";

const sample = [
  "Running 5s test @ http://127.0.0.1:4000/predict",
  "  1 threads and 16 connections",
  'BENCH_RESULT {"requests":5000,"duration_us":5000000,"errors":{"connect":0,"read":1,"write":0,"status":3,"timeout":2},"latency_us":{"mean":2500.5,"max":40000,"p50":2100,"p90":3900,"p99":8123}}',
  "",
].join("\n");

test("the result line becomes rates, error counts and millisecond latencies", () => {
  const r = parseWrkOutput(sample);
  assert.equal(r.requests, 5000);
  assert.equal(r.seconds, 5);
  assert.equal(r.rps, 1000);
  assert.equal(r.non2xx, 3);
  assert.equal(r.socketErrors, 3);
  assert.equal(r.errors, 6);
  assert.deepEqual(r.latencyMs, { mean: 2.501, p50: 2.1, p90: 3.9, p99: 8.123, max: 40 });
});

test("output without a result line is an error that shows the output", () => {
  assert.throws(() => parseWrkOutput("unable to connect to 127.0.0.1:1 Connection refused"), /no BENCH_RESULT line.*Connection refused/s);
});

test("a result line with a zero duration is refused", () => {
  assert.throws(() => parseWrkOutput(sample.replace('"duration_us":5000000', '"duration_us":0')), /malformed/);
});
