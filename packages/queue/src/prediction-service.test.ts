import { after, afterEach, test } from "node:test";
import assert from "node:assert/strict";
import { Redis } from "ioredis";
import { createPredictionService, type QueuePredictionService } from "./prediction-service.js";
import { deleteQueueKeys, fakeImage, REDIS_URL, startFakeWorker, uniqueQueueName } from "./test-helpers.js";
import { beat } from "./worker-registry.js";
import { queueKeys } from "./keys.js";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function setup(tag: string, opts: Parameters<typeof createPredictionService>[0] = {}) {
  const queueName = uniqueQueueName(tag);
  const service = createPredictionService({ redisUrl: REDIS_URL, queueName, resultTtlSeconds: 60, ...opts });
  cleanups.push(() => deleteQueueKeys(queueName));
  cleanups.push(() => service.close());
  return { queueName, service };
}

function png(name: string, bytes: Uint8Array) {
  return { bytes, filename: name, mimeType: "image/png" };
}

test("a prediction makes the round trip through a worker and comes back by pub/sub", async () => {
  const { queueName, service } = setup("roundtrip");
  const worker = startFakeWorker(queueName);
  cleanups.push(() => worker.close());
  const out = await service.predict(png("seven.png", fakeImage(7)), { timeoutMs: 5_000 });
  assert.equal(out.kind, "completed");
  assert.ok(out.kind === "completed" && out.prediction.digit === "7");
  assert.match(out.jobId, /^[A-Za-z0-9_-]{22}$/);
  const view = await service.getJob(out.jobId);
  assert.equal(view?.status, "completed");
  assert.deepEqual(view?.results.map((r) => [r.index, r.filename, "digit" in r ? r.digit : null]), [[0, "seven.png", "7"]]);
});

test("a bad image comes back as a failure with its code", async () => {
  const { queueName, service } = setup("bad");
  const worker = startFakeWorker(queueName);
  cleanups.push(() => worker.close());
  const out = await service.predict(png("x.png", new Uint8Array([1, 2, 3])), { timeoutMs: 5_000 });
  assert.equal(out.kind, "failed");
  assert.ok(out.kind === "failed" && out.error.code === "CORRUPT_IMAGE");
  assert.equal((await service.getJob(out.jobId))?.status, "failed");
});

test("with no worker the wait ends in a timeout carrying the job id, and the job stays queued", async () => {
  const { service } = setup("timeout");
  const t0 = Date.now();
  const out = await service.predict(png("a.png", fakeImage(1)), { timeoutMs: 200 });
  assert.equal(out.kind, "timeout");
  assert.ok(Date.now() - t0 >= 190);
  const view = await service.getJob(out.jobId);
  assert.equal(view?.status, "queued");
  assert.equal(await service.waitingCount(), 1);
});

test("predictions made in the same turn travel as one queue job, and each gets its own answer", async () => {
  const { queueName, service } = setup("coalesce");
  const worker = startFakeWorker(queueName);
  cleanups.push(() => worker.close());
  const jobIds: string[] = [];
  worker.worker.on("active", (job) => jobIds.push(job.id!));
  const outs = await Promise.all([3, 1, 4, 1, 5].map((d, i) => service.predict(png(`${i}.png`, fakeImage(d)), { timeoutMs: 5_000 })));
  assert.deepEqual(outs.map((o) => (o.kind === "completed" ? o.prediction.digit : o.kind)), ["3", "1", "4", "1", "5"]);
  assert.equal(new Set(outs.map((o) => o.jobId)).size, 5, "every request keeps its own id");
  assert.equal(jobIds.length, 1, "one BullMQ job carried all five");
  const view = await service.getJob(outs[2]!.jobId);
  assert.deepEqual(view?.results.map((r) => [r.filename, "digit" in r ? r.digit : null]), [["2.png", "4"]]);
});

test("with coalescing off, every prediction is its own queue job", async () => {
  const { queueName, service } = setup("nocoalesce", { coalesceMaxItems: 1 });
  const worker = startFakeWorker(queueName);
  cleanups.push(() => worker.close());
  let jobs = 0;
  worker.worker.on("active", () => jobs++);
  const outs = await Promise.all([1, 2, 3].map((d) => service.predict(png("a.png", fakeImage(d)), { timeoutMs: 5_000 })));
  assert.deepEqual(outs.map((o) => o.kind), ["completed", "completed", "completed"]);
  assert.equal(jobs, 3);
});

test("a batch is split into chunk jobs and its results come back complete and in order", async () => {
  const { queueName, service } = setup("chunks", { batchChunkSize: 16 });
  const worker = startFakeWorker(queueName);
  cleanups.push(() => worker.close());
  const sizes: number[] = [];
  worker.worker.on("active", (job) => sizes.push((job.data as { items: unknown[] }).items.length));
  const images = Array.from({ length: 40 }, (_, i) => png(`${i}.png`, i === 7 ? new Uint8Array([1]) : fakeImage(i % 10)));
  const { id, total } = await service.submitBatch(images, {});
  assert.equal(total, 40);
  let view = await service.getJob(id);
  for (const deadline = Date.now() + 5_000; view?.status !== "completed" && Date.now() < deadline; ) {
    await new Promise((r) => setTimeout(r, 20));
    view = await service.getJob(id);
  }
  assert.equal(view?.status, "completed");
  assert.deepEqual(sizes.sort((a, b) => a - b), [8, 16, 16]);
  assert.equal(view?.done, 39);
  assert.equal(view?.failed, 1);
  assert.deepEqual(view?.results.map((r) => r.index), Array.from({ length: 40 }, (_, i) => i));
  assert.ok(view?.results.every((r) => ("digit" in r ? r.digit === String(r.index % 10) : r.index === 7)));
});

test("a result published after the waiter subscribed resolves it", async () => {
  const { queueName, service } = setup("after");
  const out1 = await service.predict(png("a.png", fakeImage(3)), { timeoutMs: 50 });
  assert.equal(out1.kind, "timeout");
  const waiting = service.waitForResult(out1.jobId, { timeoutMs: 5_000 });
  const worker = startFakeWorker(queueName);
  cleanups.push(() => worker.close());
  const out = await waiting;
  assert.ok(out.kind === "completed" && out.prediction.digit === "3");
});

test("a result that arrived before the subscription is found by the state check", async () => {
  const { queueName, service } = setup("before");
  const worker = startFakeWorker(queueName);
  cleanups.push(() => worker.close());
  const first = await service.predict(png("a.png", fakeImage(4)), { timeoutMs: 5_000 });
  assert.equal(first.kind, "completed");
  // The job is long finished and its message long gone: only the stored outcome can answer.
  const again = await service.waitForResult(first.jobId, { timeoutMs: 2_000 });
  assert.ok(again.kind === "completed" && again.prediction.digit === "4");
});

test("large images travel as binary keys that are deleted when the job finishes", async () => {
  const { queueName, service } = setup("large", { inlineImageMaxBytes: 1024 });
  const worker = startFakeWorker(queueName);
  cleanups.push(() => worker.close());
  const redis = new Redis(REDIS_URL);
  cleanups.push(async () => redis.disconnect());
  const out = await service.predict(png("big.png", fakeImage(9, 200_000)), { timeoutMs: 5_000 });
  assert.ok(out.kind === "completed" && out.prediction.digit === "9");
  assert.equal(await redis.exists(queueKeys(queueName).image(out.jobId)), 0);
});

test("unknown, expired or malformed ids are null (404)", async () => {
  const { service } = setup("unknown");
  assert.equal(await service.getJob("AAAAAAAAAAAAAAAAAAAAAA"), null);
  assert.equal(await service.getJob("../../etc"), null);
  assert.equal(await service.getJob("1"), null);
});

test("readiness needs Redis and a live worker advert", async () => {
  const { queueName, service } = setup("ready", { heartbeatTtlMs: 300 });
  const before = await service.readiness();
  assert.equal(before.redis, true);
  assert.equal(before.ready, false);
  assert.match(before.reasons.join(), /no live worker/);
  const redis = new Redis(REDIS_URL);
  cleanups.push(async () => redis.disconnect());
  const model = { name: "m", format: "keras3", backend: "cpu", inputShape: [28, 28, 1], convention: "0..1 light-on-dark", referenceAccuracy: 1 };
  await beat(redis, queueKeys(queueName), { id: "w1", pid: 1, host: "h", model, startedAt: Date.now() }, 300);
  const ready = await service.readiness();
  assert.equal(ready.ready, true);
  assert.equal(ready.workers[0]?.model.backend, "cpu");
  await new Promise((r) => setTimeout(r, 350));
  assert.equal((await service.readiness()).ready, false, "a worker that stopped beating is not alive");
});

test("a service whose Redis is unreachable answers QueueUnavailableError quickly, and not ready", async () => {
  const service = createPredictionService({ redisUrl: "redis://127.0.0.1:1", queueName: uniqueQueueName("down") });
  cleanups.push(() => service.close());
  const t0 = Date.now();
  await assert.rejects(service.predict(png("a.png", fakeImage(1)), { timeoutMs: 1_000 }), { code: "SERVICE_UNAVAILABLE" });
  await assert.rejects(service.waitingCount(), { code: "SERVICE_UNAVAILABLE" });
  const r = await service.readiness();
  assert.equal(r.ready, false);
  assert.equal(r.redis, false);
  assert.ok(Date.now() - t0 < 5_000);
});

after(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
