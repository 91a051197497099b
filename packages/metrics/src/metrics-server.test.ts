import { test } from "node:test";
import assert from "node:assert/strict";
import { silentLogger } from "@repo/logger";
import { createApiMetrics } from "./api-metrics.js";
import { startMetricsServer } from "./metrics-server.js";
import { inboundHttpBytes } from "./network-bytes.js";
import { createRegistry } from "./registry.js";
import { sampleValue } from "./test-scrape.js";

test("GET /metrics serves the registry in Prometheus text format on its own port", async () => {
  const registry = createRegistry("api");
  createApiMetrics(registry).observeRequest({ route: "/predict", method: "POST", status: 200, seconds: 0.02, uploadBytes: 10 });
  const server = await startMetricsServer({ port: 0, host: "127.0.0.1", registry, logger: silentLogger });
  try {
    assert.ok(server.port > 0);
    const res = await fetch(`http://127.0.0.1:${server.port}/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    assert.equal(sampleValue(text, "api_requests_total", { process_kind: "api" }), 1);
    assert.ok(sampleValue(text, "process_cpu_seconds_total") !== undefined, "Node default metrics are on");
    assert.equal((await fetch(`http://127.0.0.1:${server.port}/nope`)).status, 404);
    assert.equal((await fetch(`http://127.0.0.1:${server.port}/metrics`, { method: "POST" })).status, 405);
  } finally {
    await server.close();
  }
});

test("scrapes of /metrics are not counted as the API's network bytes", async () => {
  const registry = createRegistry("api");
  createApiMetrics(registry);
  const server = await startMetricsServer({ port: 0, host: "127.0.0.1", registry, logger: silentLogger });
  try {
    const before = inboundHttpBytes();
    for (let i = 0; i < 3; i++) await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
    assert.deepEqual(inboundHttpBytes(), before);
  } finally {
    await server.close();
  }
});

test("a port already in use rejects instead of crashing the process", async () => {
  const registry = createRegistry("worker");
  const first = await startMetricsServer({ port: 0, host: "127.0.0.1", registry, logger: silentLogger });
  try {
    await assert.rejects(startMetricsServer({ port: first.port, host: "127.0.0.1", registry, logger: silentLogger }), /EADDRINUSE/);
    await assert.rejects(startMetricsServer({ port: 70000, registry, logger: silentLogger }), RangeError);
  } finally {
    await first.close();
  }
});
