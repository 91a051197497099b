import { test } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { createApiMetrics } from "./api-metrics.js";
import { startProcessSampler } from "./process-sampler.js";
import { createRegistry } from "./registry.js";
import { sampleValue } from "./test-scrape.js";

test("the sampler fills api_cpu_usage_percent from pidusage and memory with the process's RSS", async () => {
  const registry = createRegistry("api");
  createApiMetrics(registry);
  const sampler = startProcessSampler({ registry, intervalMs: 50 });
  try {
    // Burn CPU in slices, yielding so the sampler's ticks run, until a sample shows it.
    let cpu = 0;
    let text = "";
    for (const deadline = Date.now() + 3000; cpu === 0 && Date.now() < deadline; ) {
      const until = Date.now() + 60;
      while (Date.now() < until) Math.sqrt(Math.random());
      await sleep(5);
      text = await registry.metrics();
      cpu = sampleValue(text, "api_cpu_usage_percent")!;
    }
    assert.ok(cpu > 0 && cpu <= 100 * 64, `cpu percent ${cpu}`);
    const mem = sampleValue(text, "api_memory_usage_bytes")!;
    assert.ok(Math.abs(mem - process.memoryUsage.rss()) < 64 * 1024 * 1024, `rss ${mem}`);
    assert.equal(sampleValue(text, "api_memory_usage"), mem);
  } finally {
    sampler.stop();
  }
});

test("on a registry without the sampled gauges the sampler is a no-op, and bad intervals are refused", () => {
  startProcessSampler({ registry: createRegistry("worker"), intervalMs: 10 }).stop();
  assert.throws(() => startProcessSampler({ registry: createRegistry("api"), intervalMs: 0 }), RangeError);
});
