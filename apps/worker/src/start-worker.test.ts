// The worker wiring in-process (real Redis, real BullMQ, fake model): the
// service's round trip, big batches, bad files, retries and batching.
import { afterEach, test } from "node:test";
import assert from "node:assert/strict";
import { createLogger } from "@repo/logger";
import { createPredictionService, type JobView, type QueuePredictionService } from "@repo/queue";
import { deleteQueueKeys, fakeImage, REDIS_URL, uniqueQueueName } from "@repo/queue/testing";
import { parseWorkerEnv } from "./env.js";
import { startWorker } from "./start-worker.js";
import { createFakePredictor } from "./test-fake-predictor.js";

const logger = createLogger("worker-test", { level: "silent" });
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(tag: string, opts: { env?: Record<string, string>; fake?: Parameters<typeof createFakePredictor>[0]; attempts?: number } = {}) {
  const queueName = uniqueQueueName(tag);
  cleanups.push(() => deleteQueueKeys(queueName));
  const env = parseWorkerEnv({ QUEUE_NAME: queueName, METRICS_PORT: "0", HOST: "127.0.0.1", REDIS_URL, RESULT_TTL_SECONDS: "60", ...opts.env });
  const fake = createFakePredictor(opts.fake);
  const worker = await startWorker(env, { logger, loadPredictor: async () => fake });
  cleanups.push(() => worker.close());
  const service = createPredictionService({ redisUrl: REDIS_URL, queueName, resultTtlSeconds: 60, attempts: opts.attempts ?? 3, backoffMs: 10 });
  cleanups.push(() => service.close());
  return { queueName, service, worker, fake };
}

const png = (filename: string, bytes: Uint8Array) => ({ filename, bytes, mimeType: "image/png" });

async function pollUntilDone(service: QueuePredictionService, id: string, timeoutMs: number): Promise<JobView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = await service.getJob(id);
    assert.ok(view, "the batch exists");
    if (view.status === "completed" || view.status === "failed") return view;
    if (Date.now() > deadline) assert.fail(`batch not done in ${timeoutMs} ms: ${view.done}+${view.failed}/${view.total}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test("predict makes the round trip through the worker and its dynamic batcher", async () => {
  const { service, worker } = await setup("rt");
  assert.equal(worker.serving, true);
  const outs = await Promise.all([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => service.predict(png(`${d}.png`, fakeImage(d)), { timeoutMs: 5_000 })));
  assert.deepEqual(
    outs.map((o) => (o.kind === "completed" ? o.prediction.digit : o.kind)),
    ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
  );
  const ready = await service.readiness();
  assert.equal(ready.ready, true);
  assert.equal(ready.workers[0]?.model.name, "fake");
  const metrics = await (await fetch(`http://127.0.0.1:${worker.metricsPort}/metrics`)).text();
  assert.match(metrics, /worker_predictions_total\{digit="7"[^}]*\} 1\b/);
  assert.match(metrics, /worker_queue_wait_seconds_count\{[^}]*\} 10\b/);
  assert.match(metrics, /worker_batch_size_sum\{[^}]*\} 10\b/, "every image went through a forward pass");
  assert.match(metrics, /model_info\{[^}]*name="fake"[^}]*\} 1/);
});

test("a 1,000-image batch completes with results in upload order and file names kept", async () => {
  const { service, fake } = await setup("batch1000");
  const images = Array.from({ length: 1000 }, (_, i) => png(`img-${String(i).padStart(4, "0")}.png`, fakeImage(i % 10)));
  const { id, total } = await service.submitBatch(images, {});
  assert.equal(total, 1000);
  const view = await pollUntilDone(service, id, 30_000);
  assert.equal(view.status, "completed");
  assert.equal(view.done, 1000);
  assert.equal(view.failed, 0);
  assert.deepEqual(view.results.map((r) => r.index), Array.from({ length: 1000 }, (_, i) => i));
  assert.deepEqual(view.results.map((r) => r.filename), images.map((i) => i.filename));
  assert.deepEqual(view.results.map((r) => ("digit" in r ? r.digit : "x")), images.map((_, i) => String(i % 10)));
  assert.ok(Math.max(...fake.batches) > 1, `images were batched (largest batch ${Math.max(...fake.batches)})`);
  assert.ok(Math.max(...fake.batches) <= 32, "no batch over MAX_BATCH_SIZE");
});

test("10 bad images among good ones give per-file errors and every good one succeeds", async () => {
  const { service, worker } = await setup("bad10");
  const bad = new Set([0, 7, 13, 21, 22, 50, 77, 78, 98, 99]);
  const images = Array.from({ length: 100 }, (_, i) =>
    bad.has(i) ? png(`bad-${i}.txt`, i % 2 ? new Uint8Array(0) : new TextEncoder().encode("not an image")) : png(`ok-${i}.png`, fakeImage(i % 10)),
  );
  const { id } = await service.submitBatch(images, {});
  const view = await pollUntilDone(service, id, 20_000);
  assert.equal(view.status, "completed");
  assert.equal(view.done, 90);
  assert.equal(view.failed, 10);
  for (const r of view.results) {
    if (bad.has(r.index)) {
      assert.ok("error" in r, `item ${r.index} failed`);
      assert.equal(r.error.code, r.index % 2 ? "EMPTY_IMAGE" : "CORRUPT_IMAGE");
      assert.equal(r.filename, `bad-${r.index}.txt`);
    } else {
      assert.ok("digit" in r && r.digit === String(r.index % 10), `item ${r.index} succeeded`);
    }
  }
  const metrics = await (await fetch(`http://127.0.0.1:${worker.metricsPort}/metrics`)).text();
  assert.match(metrics, /worker_failures_total\{reason="EMPTY_IMAGE"[^}]*\} 5\b/);
  assert.match(metrics, /worker_failures_total\{reason="CORRUPT_IMAGE"[^}]*\} 5\b/);
});

test("a transient inference fault is retried and then succeeds", async () => {
  const { service, fake } = await setup("retry", { fake: { failFirstPredicts: 1 } });
  const out = await service.predict(png("a.png", fakeImage(6)), { timeoutMs: 5_000 });
  assert.ok(out.kind === "completed" && out.prediction.digit === "6");
  assert.equal(fake.batches.length, 2, "one failed forward pass, one retry");
});

test("a fault on every attempt ends as INFERENCE_FAILED after JOB_ATTEMPTS tries", async () => {
  const { service, fake } = await setup("exhaust", { fake: { failFirstPredicts: 100 }, attempts: 2 });
  const out = await service.predict(png("a.png", fakeImage(6)), { timeoutMs: 5_000 });
  assert.equal(out.kind, "failed");
  assert.ok(out.kind === "failed" && out.error.code === "INFERENCE_FAILED");
  assert.equal(fake.batches.length, 2);
  assert.equal((await service.getJob(out.jobId))?.status, "failed");
});

test("job data that breaks the contract fails as BAD_JOB without crashing the worker", async () => {
  const { service, queueName } = await setup("badjob");
  const { Queue } = await import("bullmq");
  const { Redis } = await import("ioredis");
  const conn = new Redis(REDIS_URL);
  const q = new Queue(queueName, { connection: conn });
  cleanups.push(async () => { await q.close(); conn.disconnect(); });
  const job = await q.add("predict", { v: 99, junk: true }, { jobId: "foreign-1", attempts: 3 });
  const deadline = Date.now() + 5_000;
  while ((await job.getState()) !== "failed" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const failed = await q.getJob("foreign-1");
  assert.equal(await failed?.getState(), "failed");
  assert.match(failed?.failedReason ?? "", /^BAD_JOB/);
  assert.equal(failed?.attemptsMade, 1, "not retried");
  const ok = await service.predict(png("a.png", fakeImage(2)), { timeoutMs: 5_000 });
  assert.equal(ok.kind, "completed", "the worker still serves");
});

test("a job queued by a version-1 API before an upgrade is still served into its record", async () => {
  const { service, queueName } = await setup("v1job");
  const { Queue } = await import("bullmq");
  const { Redis } = await import("ioredis");
  const { newId, queueKeys } = await import("@repo/queue");
  const conn = new Redis(REDIS_URL);
  const q = new Queue(queueName, { connection: conn });
  cleanups.push(async () => { await q.close(); conn.disconnect(); });
  // What a v1 producer wrote: the record first, then one job per image.
  const id = newId();
  await conn.hset(queueKeys(queueName).record(id), { total: 1, names: JSON.stringify(["old.png"]), createdAt: Date.now(), done: 0, failed: 0 });
  const base64 = Buffer.from(fakeImage(6)).toString("base64");
  await q.add("predict", { v: 1, recordId: id, index: 0, filename: "old.png", mimeType: "image/png", image: { at: "inline", base64 }, enqueuedAt: Date.now() }, { jobId: id });
  const view = await pollUntilDone(service, id, 5_000);
  assert.equal(view.status, "completed");
  assert.deepEqual(view.results.map((r) => ("digit" in r ? [r.filename, r.digit] : [r.filename, r.error.code])), [["old.png", "6"]]);
});
