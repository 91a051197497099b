// After 10,000 predictions with default settings (but a short result TTL):
// half as synchronous round trips, half as 1,000-image batches,
// Redis holds a bounded number of keys and bytes for the queue: one small
// record per result until its TTL, at most `keepFinishedJobs` BullMQ job
// hashes, no unbounded completed/failed sets, no leftover image keys.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { Redis } from "ioredis";
import { createLogger } from "@repo/logger";
import { createPredictionService, QUEUE_DEFAULTS, queueKeys } from "@repo/queue";
import { deleteQueueKeys, fakeImage, REDIS_URL, uniqueQueueName } from "@repo/queue/testing";
import { parseWorkerEnv } from "./env.js";
import { startWorker } from "./start-worker.js";
import { createFakePredictor } from "./test-fake-predictor.js";

const TTL_SECONDS = 3;
const N = 10_000;
const queueName = uniqueQueueName("membound");
const redis = new Redis(REDIS_URL);
after(async () => {
  await deleteQueueKeys(queueName);
  redis.disconnect();
});

async function queueFootprint(): Promise<{ keys: number; bytes: number; byKind: Record<string, number>; bytesByKind: Record<string, number> }> {
  const byKind: Record<string, number> = {};
  const bytesByKind: Record<string, number> = {};
  let keys = 0;
  let bytes = 0;
  let cursor = "0";
  const base = `bull:${queueName}:`;
  do {
    const [next, found] = await redis.scan(cursor, "MATCH", queueKeys(queueName).pattern, "COUNT", 2000);
    cursor = next;
    if (found.length === 0) continue;
    const pipe = redis.pipeline();
    // SAMPLES 0 measures every field: the default (5 sampled fields, scaled up)
    // depends on the hash order of each Redis instance, so a kept job's 5 KB
    // `data` field counted as 2 KB or 12 KB from one Redis start to the next.
    for (const k of found) pipe.memory("USAGE", k, "SAMPLES", 0);
    const sizes = await pipe.exec();
    found.forEach((k, i) => {
      const rest = k.slice(base.length);
      const kind = rest.includes(":") ? rest.split(":")[0]! : /^[A-Za-z0-9_-]{22}(\.\d+)?$/.test(rest) ? "job" : rest;
      const size = Number(sizes?.[i]?.[1] ?? 0);
      byKind[kind] = (byKind[kind] ?? 0) + 1;
      bytesByKind[kind] = (bytesByKind[kind] ?? 0) + size;
      bytes += size;
    });
    keys += found.length;
  } while (cursor !== "0");
  return { keys, bytes, byKind, bytesByKind };
}

test("10,000 predictions leave a bounded number of keys and bytes in Redis", async () => {
  const env = parseWorkerEnv({ QUEUE_NAME: queueName, METRICS_PORT: "0", HOST: "127.0.0.1", REDIS_URL, RESULT_TTL_SECONDS: String(TTL_SECONDS) });
  const worker = await startWorker(env, { logger: createLogger("t", { level: "silent" }), loadPredictor: async () => createFakePredictor() });
  const service = createPredictionService({ redisUrl: REDIS_URL, queueName, resultTtlSeconds: TTL_SECONDS });
  try {
    const t0 = performance.now();
    let next = 0;
    let completed = 0;
    await Promise.all(
      Array.from({ length: 64 }, async () => {
        while (next < N / 2) {
          const i = next++;
          const out = await service.predict({ filename: `${i}.png`, bytes: fakeImage(i % 10, 120), mimeType: "image/png" }, { timeoutMs: 30_000 });
          if (out.kind === "completed") completed++;
        }
      }),
    );
    // Then the batches; polled while they run, since a record lives TTL_SECONDS after its last result.
    const batchIds: string[] = [];
    for (let b = 0; b < N / 2; b += 1000) {
      const images = Array.from({ length: 1000 }, (_, i) => ({ filename: `b${b + i}.png`, bytes: fakeImage(i % 10, 120), mimeType: "image/png" }));
      batchIds.push((await service.submitBatch(images, {})).id);
    }
    const deadline = Date.now() + 120_000;
    await Promise.all(
      batchIds.map(async (id) => {
        for (;;) {
          const v = await service.getJob(id);
          assert.ok(v, "the batch record is alive while it runs");
          if (v.status === "completed") {
            completed += v.done;
            return;
          }
          assert.ok(Date.now() < deadline, "batches finish");
          await new Promise((r) => setTimeout(r, 100));
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    assert.equal(completed, N);
    const peak = await queueFootprint();
    const counts = await service.jobCounts();
    const keep = QUEUE_DEFAULTS.keepCompletedJobs;
    console.log(`# ${N} predictions in ${seconds.toFixed(1)} s (${Math.round(N / seconds)}/s); footprint ${JSON.stringify(peak)}; counts ${JSON.stringify(counts)}`);
    assert.ok(counts.completed <= keep, `completed set capped at ${keep} (is ${counts.completed})`);
    assert.equal(peak.byKind.img ?? 0, 0, "no image keys left");
    // A kept job is at most a batch chunk, its images inline (16 × 120 bytes, as base64 in JSON).
    const chunkJobBytes = QUEUE_DEFAULTS.batchChunkSize * 400 + 2_000;
    // Results are kept for the TTL: one record each, plus at most `keep` job hashes and a few queue keys.
    assert.ok(peak.keys <= N + keep + 20, `keys ${peak.keys}`);
    assert.ok(peak.bytes <= N * 800 + keep * chunkJobBytes + 100_000, `bytes ${peak.bytes}`);

    // Once the TTL has passed, only the capped job hashes and the queue's own keys remain.
    await new Promise((r) => setTimeout(r, (TTL_SECONDS + 1.5) * 1000));
    const later = await queueFootprint();
    console.log(`# after TTL: ${JSON.stringify(later)}`);
    assert.equal(later.byKind.rec ?? 0, 0, "every record expired");
    assert.ok(later.keys <= keep + 20, `keys after TTL ${later.keys}`);
    assert.ok(later.bytes <= keep * chunkJobBytes + 100_000, `bytes after TTL ${later.bytes}`);
  } finally {
    await service.close();
    await worker.close();
  }
});
