import { test } from "node:test";
import assert from "node:assert/strict";
import { firstMetric, metricValue } from "./prom-text.js";

const text = `# HELP nodejs_heap_size_used_bytes Process heap size used from Node.js in bytes.
# TYPE nodejs_heap_size_used_bytes gauge
nodejs_heap_size_used_bytes{process_kind="worker"} 12345678
nodejs_heap_size_used_bytes_extra 1
worker_tfjs_tensors{process_kind="worker",backend="wasm"} 7
worker_tfjs_tensors{process_kind="worker",backend="cpu"} 2
process_resident_memory_bytes 9.5e7
`;

test("a metric's samples are summed over label sets, and a longer name with the same prefix is not counted", () => {
  assert.equal(metricValue(text, "nodejs_heap_size_used_bytes"), 12345678);
  assert.equal(metricValue(text, "worker_tfjs_tensors"), 9);
  assert.equal(metricValue(text, "process_resident_memory_bytes"), 95_000_000);
});

test("an absent metric is null, and firstMetric takes the first name present", () => {
  assert.equal(metricValue(text, "tfjs_tensors"), null);
  assert.deepEqual(firstMetric(text, ["tfjs_tensors", "worker_tfjs_tensors"]), { name: "worker_tfjs_tensors", value: 9 });
  assert.equal(firstMetric(text, ["nope"]), null);
});
