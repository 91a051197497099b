// Worker processes as they run in production (spawned, signalled, killed),
// against the real Redis.
import { afterEach, test } from "node:test";
import assert from "node:assert/strict";
import { createPredictionService, type JobView, type QueuePredictionService } from "@repo/queue";
import { deleteQueueKeys, fakeImage, REDIS_URL, uniqueQueueName } from "@repo/queue/testing";
import { spawnWorker, type SpawnedWorker } from "./test-spawn-worker.js";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function setupQueue(tag: string) {
  const queueName = uniqueQueueName(tag);
  cleanups.push(() => deleteQueueKeys(queueName));
  const service = createPredictionService({ redisUrl: REDIS_URL, queueName, resultTtlSeconds: 60 });
  cleanups.push(() => service.close());
  return { queueName, service };
}

function start(entry: "main.ts" | "test-fake-worker.ts", env: Record<string, string>): SpawnedWorker {
  const w = spawnWorker(entry, { REDIS_URL, ...env });
  cleanups.push(async () => {
    w.kill("SIGKILL");
    await w.exited;
  });
  return w;
}

const ready = (l: Record<string, unknown>) => l.msg === "worker ready";
const png = (filename: string, bytes: Uint8Array) => ({ filename, bytes, mimeType: "image/png" });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > deadline) assert.fail(`${what}: still ${JSON.stringify(v)} after ${timeoutMs} ms`);
    await sleep(50);
  }
}

test("on SIGTERM a worker finishes its active jobs, takes no new ones, and exits 0", async () => {
  const { queueName, service } = setupQueue("sigterm");
  const w = start("test-fake-worker.ts", { QUEUE_NAME: queueName, FAKE_PREDICT_DELAY_MS: "800", BATCH_WINDOW_MS: "0" });
  await w.waitForLog(ready);
  // One request per event-loop turn, so each is its own queue job (requests of one turn share a job).
  const inflight: ReturnType<typeof service.predict>[] = [];
  for (const d of [1, 2, 3, 4, 5]) {
    inflight.push(service.predict(png(`${d}.png`, fakeImage(d)), { timeoutMs: 10_000 }));
    await sleep(5);
  }
  await waitFor("active jobs", () => service.jobCounts(), (c) => c.active === 5, 5_000);
  w.kill("SIGTERM");
  await sleep(100);
  const late = service.predict(png("late.png", fakeImage(9)), { timeoutMs: 3_000 });
  const outs = await Promise.all(inflight);
  assert.deepEqual(outs.map((o) => (o.kind === "completed" ? o.prediction.digit : o.kind)), ["1", "2", "3", "4", "5"]);
  const exit = await w.exited;
  assert.deepEqual(exit, { code: 0, signal: null });
  assert.equal((await late).kind, "timeout", "a job sent after SIGTERM is left for another worker");
  assert.equal(await service.waitingCount(), 1);
  assert.equal((await service.readiness()).workers.length, 0, "the worker retired its advert");
});

test("a worker killed with SIGKILL mid-batch loses nothing: another finishes its jobs via stalled-job recovery", async () => {
  const { queueName, service } = setupQueue("sigkill");
  const env = {
    QUEUE_NAME: queueName,
    FAKE_PREDICT_DELAY_MS: "100",
    MAX_BATCH_SIZE: "8",
    LOCK_DURATION_MS: "1000",
    STALLED_INTERVAL_MS: "500",
  };
  const a = start("test-fake-worker.ts", env);
  await a.waitForLog(ready);
  const images = Array.from({ length: 300 }, (_, i) => png(`f${i}.png`, fakeImage(i % 10)));
  const { id } = await service.submitBatch(images, {});
  const mid = await waitFor("progress", () => service.getJob(id), (v) => (v?.done ?? 0) >= 30, 15_000);
  assert.ok(mid && mid.done < 300, "killed mid-batch");
  a.kill("SIGKILL");
  assert.equal((await a.exited).signal, "SIGKILL");
  const counts = await service.jobCounts();
  assert.ok(counts.active > 0, `the dead worker left active jobs behind (${counts.active})`);
  const b = start("test-fake-worker.ts", env);
  await b.waitForLog(ready);
  const view = (await waitFor("batch done", () => service.getJob(id), (v) => v?.status === "completed" || v?.status === "failed", 30_000)) as JobView;
  assert.equal(view.status, "completed");
  assert.equal(view.done, 300, "every image done exactly once");
  assert.equal(view.failed, 0);
  assert.deepEqual(view.results.map((r) => r.filename), images.map((i) => i.filename));
  assert.ok(b.logs.some((l) => l.msg?.toString().includes("stalled")), "recovered through the stalled-job check");
});

test("a worker whose model fails to load keeps /metrics up with the failure metric and takes no jobs", async () => {
  const { queueName, service } = setupQueue("noload");
  const w = start("main.ts", { QUEUE_NAME: queueName, MODEL_PATH: "/nonexistent/model.keras" });
  const listening = await w.waitForLog((l) => l.msg === "metrics server listening");
  await w.waitForLog((l) => String(l.msg).includes("model failed to load"));
  const res = await fetch(`http://127.0.0.1:${listening.port}/metrics`);
  assert.equal(res.status, 200);
  assert.match(await res.text(), /worker_model_load_failed\{reason="[A-Z_]+"[^}]*\} 1/);
  const out = await service.predict(png("a.png", fakeImage(1)), { timeoutMs: 500 });
  assert.equal(out.kind, "timeout");
  assert.equal((await service.readiness()).ready, false);
  w.kill("SIGTERM");
  assert.equal((await w.exited).code, 0);
});

test("a bad environment value stops the worker at start with a message naming the variable", async () => {
  const w = start("main.ts", { QUEUE_NAME: uniqueQueueName("env"), MAX_BATCH_SIZE: "zero" });
  const exit = await w.exited;
  assert.equal(exit.code, 78);
  assert.match(w.stderr(), /MAX_BATCH_SIZE/);
});
