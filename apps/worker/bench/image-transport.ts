// Inline base64 in the job data vs raw bytes in their own key, for a small
// and a large image: round-trip latency and this process's CPU per job
// (producer + in-process fake worker). Usage (repo root):
//   node --conditions=development --import tsx apps/worker/bench/image-transport.ts
import { createLogger } from "@repo/logger";
import { createPredictionService } from "@repo/queue";
import { deleteQueueKeys, fakeImage, REDIS_URL, uniqueQueueName } from "@repo/queue/testing";
import { parseWorkerEnv } from "../src/env.js";
import { startWorker } from "../src/start-worker.js";
import { createFakePredictor } from "../src/test-fake-predictor.js";

const rows: Record<string, unknown>[] = [];
for (const size of [300, 1_000_000]) {
  for (const way of ["inline base64", "binary key"] as const) {
    const queueName = uniqueQueueName("transport");
    const env = parseWorkerEnv({ QUEUE_NAME: queueName, METRICS_PORT: "0", HOST: "127.0.0.1", REDIS_URL });
    const worker = await startWorker(env, { logger: createLogger("b", { level: "warn" }), loadPredictor: async () => createFakePredictor() });
    const service = createPredictionService({ redisUrl: REDIS_URL, queueName, inlineImageMaxBytes: way === "inline base64" ? Infinity : 0 });
    const bytes = fakeImage(3, size);
    const n = size > 100_000 ? 100 : 1000;
    for (let i = 0; i < 20; i++) await service.predict({ filename: "a", bytes, mimeType: "image/png" }, { timeoutMs: 30_000 });
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (next++ < n) await service.predict({ filename: "a", bytes, mimeType: "image/png" }, { timeoutMs: 30_000 });
    }));
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    rows.push({ size, way, jobsPerSecond: Math.round(n / (ms / 1000)), cpuMsPerJob: +((cpu.user + cpu.system) / 1000 / n).toFixed(2) });
    await service.close();
    await worker.close();
    await deleteQueueKeys(queueName);
  }
}
console.table(rows);
