import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp } from "../test-app.js";

test("GET /healthz is 200 even when Redis is down", async () => {
  const { app } = buildTestApp({ service: { failWith: new Error("ECONNREFUSED") } });
  const res = await app.request("/healthz");
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { status: "ok" });
});

test("GET /readyz is 200 with the live workers when ready", async () => {
  const { app } = buildTestApp();
  const res = await app.request("/readyz");
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.ready, true);
  assert.equal(body.workers.length, 1);
});

test("GET /readyz is 503 with the reasons when no worker is alive", async () => {
  const { app } = buildTestApp({ service: { readiness: { ready: false, workers: [], reasons: ["no worker alive"] } } });
  const res = await app.request("/readyz");
  assert.equal(res.status, 503);
  const body = await res.json();
  assert.deepEqual(body.reasons, ["no worker alive"]);
  assert.equal(body.error.code, "SERVICE_UNAVAILABLE");
});

test("GET /readyz is 503 naming Redis when Redis is unreachable", async () => {
  const { app } = buildTestApp({ service: { failWith: new Error("connect ECONNREFUSED") } });
  const res = await app.request("/readyz");
  assert.equal(res.status, 503);
  const body = await res.json();
  assert.equal(body.redis, false);
  assert.match(body.reasons[0], /redis: connect ECONNREFUSED/);
});

test("GET /readyz turns 503 once shutdown has begun", async () => {
  const { app } = buildTestApp({ shuttingDown: true });
  const res = await app.request("/readyz");
  assert.equal(res.status, 503);
  assert.ok((await res.json()).reasons.includes("shutting down"));
});
