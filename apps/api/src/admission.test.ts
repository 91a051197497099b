import { test } from "node:test";
import assert from "node:assert/strict";
import type { ReadinessReport } from "@repo/queue";
import { createAdmission } from "./admission.js";
import { ApiError } from "./errors/api-error.js";

function counting(opts: { waiting?: number; ready?: boolean } = {}) {
  const calls = { readiness: 0, waiting: 0 };
  const service = {
    async readiness(): Promise<ReadinessReport> {
      calls.readiness++;
      const ready = opts.ready ?? true;
      return { ready, redis: true, workers: [], reasons: ready ? [] : ["no worker alive"] };
    },
    async waitingCount() {
      calls.waiting++;
      return opts.waiting ?? 0;
    },
  };
  return { service, calls };
}

test("concurrent checks share one readiness probe and one queue-depth probe", async () => {
  const { service, calls } = counting();
  const admission = createAdmission({ service, maxQueueDepth: 10 });
  await Promise.all(Array.from({ length: 50 }, () => admission.check()));
  assert.deepEqual(calls, { readiness: 1, waiting: 1 });
});

test("answers are reused within their TTL and probed again after it", async () => {
  let now = 0;
  const { service, calls } = counting();
  const admission = createAdmission({ service, maxQueueDepth: 10, readyTtlMs: 1000, depthTtlMs: 100, now: () => now });
  await admission.check();
  now = 50;
  await admission.check();
  assert.deepEqual(calls, { readiness: 1, waiting: 1 });
  now = 150;
  await admission.check();
  assert.deepEqual(calls, { readiness: 1, waiting: 2 });
  now = 1200;
  await admission.check();
  assert.deepEqual(calls, { readiness: 2, waiting: 3 });
});

test("a not-ready answer is 503 and is re-probed sooner than a ready one", async () => {
  let now = 0;
  const { service, calls } = counting({ ready: false });
  const admission = createAdmission({ service, maxQueueDepth: 10, notReadyTtlMs: 250, now: () => now });
  await assert.rejects(admission.check(), (e: unknown) => e instanceof ApiError && e.status === 503 && /no worker/.test(e.message));
  now = 300;
  await assert.rejects(admission.check());
  assert.equal(calls.readiness, 2);
});

test("a probe that throws (Redis down) is 503, and the next check probes again", async () => {
  let fail = true;
  const service = {
    async readiness(): Promise<ReadinessReport> {
      if (fail) throw new Error("ECONNREFUSED");
      return { ready: true, redis: true, workers: [], reasons: [] };
    },
    async waitingCount() {
      return 0;
    },
  };
  const admission = createAdmission({ service, maxQueueDepth: 10 });
  await assert.rejects(admission.check(), (e: unknown) => e instanceof ApiError && e.code === "SERVICE_UNAVAILABLE");
  fail = false;
  await admission.check();
});
