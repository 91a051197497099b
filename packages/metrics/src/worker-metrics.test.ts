import { test } from "node:test";
import assert from "node:assert/strict";
import { createRegistry } from "./registry.js";
import { sampleValue } from "./test-scrape.js";
import { createWorkerMetrics } from "./worker-metrics.js";

const info = {
  name: "best_model",
  format: "keras3",
  backend: "wasm",
  inputShape: [28, 28, 1],
  convention: { scale: "0..1", polarity: "light-on-dark", source: "detected" },
  kerasVersion: "3.4.1",
  forwardPass: "fused",
};

test("queue wait and inference are separate histograms with sub-millisecond buckets", async () => {
  const registry = createRegistry("worker");
  const m = createWorkerMetrics(registry);
  m.observeQueueWait(0.00008);
  m.observeInference(8, 0.0004);
  m.observeInference(1, 0.002);
  const text = await registry.metrics();
  assert.equal(sampleValue(text, "worker_queue_wait_seconds_count"), 1);
  assert.equal(sampleValue(text, "worker_queue_wait_seconds_bucket", { le: "0.0001" }), 1);
  assert.equal(sampleValue(text, "worker_queue_wait_seconds_bucket", { le: "0.00005" }), 0);
  assert.equal(sampleValue(text, "worker_inference_duration_seconds_count"), 2);
  assert.equal(sampleValue(text, "worker_inference_duration_seconds_bucket", { le: "0.0005" }), 1);
  assert.equal(sampleValue(text, "worker_batch_size_sum"), 9);
  assert.equal(sampleValue(text, "worker_batch_size_bucket", { le: "1" }), 1);
  assert.equal(sampleValue(text, "worker_batch_size_bucket", { le: "8" }), 2);
});

test("predictions are counted by digit, and every digit's series exists from the start", async () => {
  const registry = createRegistry("worker");
  const m = createWorkerMetrics(registry);
  m.countPrediction("7");
  m.countPrediction("7");
  const text = await registry.metrics();
  assert.equal(sampleValue(text, "worker_predictions_total", { digit: "7" }), 2);
  assert.equal(sampleValue(text, "worker_predictions_total", { digit: "0" }), 0);
  assert.throws(() => m.countPrediction("seven"), RangeError);
});

test("failures are counted by reason, and odd reasons collapse to OTHER to bound cardinality", async () => {
  const registry = createRegistry("worker");
  const m = createWorkerMetrics(registry);
  m.countFailure("CORRUPT_IMAGE");
  m.countFailure("something with spaces and {braces}");
  const text = await registry.metrics();
  assert.equal(sampleValue(text, "worker_failures_total", { reason: "CORRUPT_IMAGE" }), 1);
  assert.equal(sampleValue(text, "worker_failures_total", { reason: "OTHER" }), 1);
  assert.equal(sampleValue(text, "worker_failures_total", { reason: "BLANK_IMAGE" }), 0);
});

test("model_info carries name, format, backend, input shape, convention and forward pass, and clears a load failure", async () => {
  const registry = createRegistry("worker");
  const m = createWorkerMetrics(registry);
  m.setModelLoadFailed("MODEL_NOT_FOUND");
  assert.equal(sampleValue(await registry.metrics(), "worker_model_load_failed", { reason: "MODEL_NOT_FOUND" }), 1);
  m.setModelInfo(info);
  const text = await registry.metrics();
  assert.equal(
    sampleValue(text, "model_info", {
      name: "best_model",
      format: "keras3",
      backend: "wasm",
      input_shape: "28x28x1",
      convention: "0..1/light-on-dark",
      keras_version: "3.4.1",
      forward_pass: "fused",
      process_kind: "worker",
    }),
    1,
  );
  assert.equal(sampleValue(text, "worker_model_load_failed"), undefined);
});

test("bad observations are rejected with a RangeError", () => {
  const m = createWorkerMetrics(createRegistry("worker"));
  assert.throws(() => m.observeInference(0, 0.1), RangeError);
  assert.throws(() => m.observeQueueWait(Number.POSITIVE_INFINITY), RangeError);
  assert.throws(() => m.observeDecode(-0.1), RangeError);
});

test("worker_tfjs_tensors reads its source at scrape time", async () => {
  const registry = createRegistry("worker");
  const metrics = createWorkerMetrics(registry);
  let live = 14;
  metrics.setTensorSource(() => live);
  assert.match(await registry.metrics(), /^worker_tfjs_tensors\{[^}]*\} 14$/m);
  live = 15;
  assert.match(await registry.metrics(), /^worker_tfjs_tensors\{[^}]*\} 15$/m);
});
