import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { createApiMetrics } from "./api-metrics.js";
import { inboundHttpBytes } from "./network-bytes.js";
import { createRegistry } from "./registry.js";
import { sampleValue } from "./test-scrape.js";

function setup() {
  const registry = createRegistry("api");
  return { registry, metrics: createApiMetrics(registry) };
}

describe("the original five", () => {
  test("api_requests_total counts every POST /predict, whatever the outcome, and nothing else", async () => {
    const { registry, metrics } = setup();
    metrics.observeRequest({ route: "/predict", method: "POST", status: 200, seconds: 0.01, uploadBytes: 100 });
    metrics.observeRequest({ route: "/predict/", method: "post", status: 415, seconds: 0.001, uploadBytes: 5 });
    metrics.observeRequest({ route: "/predict", method: "POST", status: 400, seconds: 0.001, uploadBytes: 0 });
    metrics.observeRequest({ route: "/jobs", method: "POST", status: 202, seconds: 0.01, uploadBytes: 100 });
    metrics.observeRequest({ route: "/predict", method: "GET", status: 404, seconds: 0.001, uploadBytes: 0 });
    assert.equal(sampleValue(await registry.metrics(), "api_requests_total"), 3);
  });

  test("api_run_time_seconds is the last POST /predict's running time", async () => {
    const { registry, metrics } = setup();
    metrics.observeRequest({ route: "/predict", method: "POST", status: 200, seconds: 0.5, uploadBytes: 100 });
    metrics.observeRequest({ route: "/predict", method: "POST", status: 200, seconds: 0.0125, uploadBytes: 100 });
    metrics.observeRequest({ route: "/healthz", method: "GET", status: 200, seconds: 3, uploadBytes: 0 });
    assert.equal(sampleValue(await registry.metrics(), "api_run_time_seconds"), 0.0125);
  });

  test("api_tl_time_microseconds equals api_run_time_seconds × 1e6 ÷ upload bytes for the last request", async () => {
    const { registry, metrics } = setup();
    metrics.observeRequest({ route: "/predict", method: "POST", status: 200, seconds: 0.2, uploadBytes: 10 });
    metrics.observeRequest({ route: "/predict", method: "POST", status: 200, seconds: 0.003, uploadBytes: 750 });
    const text = await registry.metrics();
    const run = sampleValue(text, "api_run_time_seconds")!;
    const bytes = 750;
    assert.ok(Math.abs(sampleValue(text, "api_tl_time_microseconds")! - (run * 1e6) / bytes) < 1e-9);
    assert.ok(Math.abs(sampleValue(text, "api_tl_time_microseconds")! - 4) < 1e-9);
  });

  test("a POST /predict without an upload leaves api_tl_time_microseconds at its last defined value", async () => {
    const { registry, metrics } = setup();
    metrics.observeRequest({ route: "/predict", method: "POST", status: 200, seconds: 0.001, uploadBytes: 1000 });
    metrics.observeRequest({ route: "/predict", method: "POST", status: 400, seconds: 0.5, uploadBytes: 0 });
    const text = await registry.metrics();
    assert.equal(sampleValue(text, "api_tl_time_microseconds"), 1);
    assert.equal(sampleValue(text, "api_run_time_seconds"), 0.5);
  });

  test("api_memory_usage and api_memory_usage_bytes hold the process's resident memory in bytes after a request", async () => {
    const { registry, metrics } = setup();
    const before = process.memoryUsage.rss();
    metrics.observeRequest({ route: "/predict", method: "POST", status: 200, seconds: 0.001, uploadBytes: 1 });
    const after = process.memoryUsage.rss();
    const text = await registry.metrics();
    const mem = sampleValue(text, "api_memory_usage")!;
    assert.equal(sampleValue(text, "api_memory_usage_bytes"), mem);
    // RSS moves a little between reads; it must be in the same tens of megabytes, and in bytes, not MB.
    assert.ok(mem > 10 * 1024 * 1024, `rss ${mem} looks like it is not in bytes`);
    assert.ok(Math.abs(mem - (before + after) / 2) < 32 * 1024 * 1024);
    assert.match(text, /# HELP api_memory_usage .*in bytes/);
  });

  test("api_cpu_usage_percent is declared in percent (filled by the process sampler)", async () => {
    const { registry } = setup();
    const text = await registry.metrics();
    assert.match(text, /# HELP api_cpu_usage_percent .*percent/);
    assert.equal(sampleValue(text, "api_cpu_usage_percent"), 0);
  });
});

describe("network bytes", () => {
  test("count exactly the bytes of this process's inbound HTTP requests and responses", async () => {
    const { registry } = setup();
    const server = createServer((_req, res) => res.end("hello, digits"));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    try {
      const start = await registry.metrics();
      const rx0 = sampleValue(start, "api_network_bytes_received")!;
      const tx0 = sampleValue(start, "api_network_bytes_sent")!;
      const request = "GET / HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n";
      const response = await new Promise<Buffer>((resolve, reject) => {
        const chunks: Buffer[] = [];
        const socket = connect(port, "127.0.0.1", () => socket.write(request));
        socket.on("data", (c) => chunks.push(c));
        socket.on("end", () => resolve(Buffer.concat(chunks)));
        socket.on("error", reject);
      });
      assert.match(response.toString(), /hello, digits$/);
      const text = await registry.metrics();
      assert.equal(sampleValue(text, "api_network_bytes_received")! - rx0, Buffer.byteLength(request));
      assert.equal(sampleValue(text, "api_network_bytes_sent")! - tx0, response.length);
      // The properly named counters carry the same totals.
      assert.equal(sampleValue(text, "api_network_received_bytes_total"), sampleValue(text, "api_network_bytes_received"));
      assert.equal(sampleValue(text, "api_network_sent_bytes_total"), sampleValue(text, "api_network_bytes_sent"));
      assert.deepEqual(inboundHttpBytes(), {
        received: sampleValue(text, "api_network_bytes_received"),
        sent: sampleValue(text, "api_network_bytes_sent"),
      });
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

describe("serving metrics", () => {
  test("HTTP requests are counted and timed by route, method and status", async () => {
    const { registry, metrics } = setup();
    metrics.observeRequest({ route: "/jobs/:id", method: "get", status: 404, seconds: 0.0003, uploadBytes: 0 });
    metrics.observeRequest({ route: "/jobs/:id", method: "GET", status: 404, seconds: 0.0007, uploadBytes: 0 });
    const text = await registry.metrics();
    const labels = { route: "/jobs/:id", method: "GET", status: "404" };
    assert.equal(sampleValue(text, "api_http_requests_total", labels), 2);
    assert.equal(sampleValue(text, "api_http_request_duration_seconds_count", labels), 2);
    // Sub-millisecond buckets separate 0.3 ms from 0.7 ms.
    assert.equal(sampleValue(text, "api_http_request_duration_seconds_bucket", { ...labels, le: "0.0005" }), 1);
    assert.equal(sampleValue(text, "api_http_request_duration_seconds_bucket", { ...labels, le: "0.001" }), 2);
  });

  test("queue depth is read from its source at scrape time, for every state", async () => {
    const { registry, metrics } = setup();
    let waiting = 3;
    metrics.setQueueDepthSource(async () => ({ waiting, active: 2, delayed: 1, failed: 4, completed: 9 }));
    assert.equal(sampleValue(await registry.metrics(), "api_queue_jobs", { state: "waiting" }), 3);
    waiting = 7;
    const text = await registry.metrics();
    assert.equal(sampleValue(text, "api_queue_jobs", { state: "waiting" }), 7);
    assert.equal(sampleValue(text, "api_queue_jobs", { state: "completed" }), 9);
    assert.equal(sampleValue(text, "api_queue_jobs", { state: "prioritized" }), 0);
  });

  test("a failing source keeps the previous values and is counted, without failing the scrape", async () => {
    const { registry, metrics } = setup();
    let fail = false;
    metrics.setWorkersSource(async () => {
      if (fail) throw new Error("redis down");
      return { alive: 2 };
    });
    assert.equal(sampleValue(await registry.metrics(), "api_workers_alive"), 2);
    fail = true;
    const text = await registry.metrics();
    assert.equal(sampleValue(text, "api_workers_alive"), 2);
    assert.equal(sampleValue(text, "api_metrics_source_errors_total", { source: "workers" }), 1);
  });

  test("bad durations are rejected with a RangeError", () => {
    const { metrics } = setup();
    assert.throws(() => metrics.observeRequest({ route: "/", method: "GET", status: 200, seconds: -1, uploadBytes: 0 }), RangeError);
    assert.throws(() => metrics.observeRequest({ route: "/", method: "GET", status: 200, seconds: 1, uploadBytes: Number.NaN }), RangeError);
  });
});
