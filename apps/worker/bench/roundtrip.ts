// Measures the queue's floor: round trips per second through
// createPredictionService.predict with a no-op (fake) model, and the drain
// rate of a batch. Usage (repo root):
//   node --conditions=development --import tsx apps/worker/bench/roundtrip.ts [n] [clients]
// Env: WORKER_CONCURRENCY, MAX_BATCH_SIZE, BATCH_WINDOW_MS, SEPARATE=1 (worker in a child process).
import { readFileSync } from "node:fs";
import { createLogger } from "@repo/logger";
import { createPredictionService } from "@repo/queue";
import { deleteQueueKeys, fakeImage, REDIS_URL, uniqueQueueName } from "@repo/queue/testing";
import { parseWorkerEnv } from "../src/env.js";
import { startWorker } from "../src/start-worker.js";
import { createFakePredictor } from "../src/test-fake-predictor.js";
import { spawnWorker } from "../src/test-spawn-worker.js";

const n = Number(process.argv[2] ?? 5000);
const clients = Number(process.argv[3] ?? 64);
const queueName = uniqueQueueName("bench");
const knobs = Object.fromEntries(
  ["WORKER_CONCURRENCY", "MAX_BATCH_SIZE", "BATCH_WINDOW_MS"].flatMap((k) => (process.env[k] ? [[k, process.env[k]!]] : [])),
);
const separate = process.env.SEPARATE === "1";
const env = parseWorkerEnv({ QUEUE_NAME: queueName, METRICS_PORT: "0", HOST: "127.0.0.1", REDIS_URL, ...knobs });
let stop: () => Promise<void>;
let workerCpuSeconds: () => number | null = () => null;
if (separate) {
  const w = spawnWorker("test-fake-worker.ts", { QUEUE_NAME: queueName, REDIS_URL, LOG_LEVEL: "warn", ...knobs });
  await w.waitForLog((l) => String(l.raw ?? "").startsWith("READY"), 60_000);
  // utime + stime from /proc (clock ticks, 100 per second on Linux).
  const ticks = () => {
    const f = readFileSync(`/proc/${w.child.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return Number(f[11]) + Number(f[12]);
  };
  const base = ticks();
  workerCpuSeconds = () => (ticks() - base) / 100;
  stop = async () => {
    w.kill("SIGTERM");
    await w.exited;
  };
} else {
  const worker = await startWorker(env, { logger: createLogger("b", { level: "warn" }), loadPredictor: async () => createFakePredictor() });
  stop = () => worker.close();
}
const service = createPredictionService({ redisUrl: REDIS_URL, queueName, resultTtlSeconds: 60 });
const cpu0 = process.cpuUsage();
// warm-up
await Promise.all(Array.from({ length: 200 }, (_, i) => service.predict({ filename: "w.png", bytes: fakeImage(i % 10, 120), mimeType: "image/png" }, { timeoutMs: 30_000 })));
const lat: number[] = [];
let next = 0;
const t0 = performance.now();
await Promise.all(
  Array.from({ length: clients }, async () => {
    while (next < n) {
      const i = next++;
      const s = performance.now();
      const out = await service.predict({ filename: `${i}.png`, bytes: fakeImage(i % 10, 120), mimeType: "image/png" }, { timeoutMs: 30_000 });
      if (out.kind !== "completed") throw new Error(`round trip ${i}: ${out.kind}`);
      lat.push(performance.now() - s);
    }
  }),
);
const rtSeconds = (performance.now() - t0) / 1000;
const rtCpu = process.cpuUsage(cpu0);
lat.sort((a, b) => a - b);
const pct = (p: number) => lat[Math.min(lat.length - 1, Math.floor((p / 100) * lat.length))]!.toFixed(2);

const images = Array.from({ length: n }, (_, i) => ({ filename: `${i}.png`, bytes: fakeImage(i % 10, 120), mimeType: "image/png" }));
const d0 = performance.now();
const batchIds: string[] = [];
for (let i = 0; i < n; i += 1000) batchIds.push((await service.submitBatch(images.slice(i, i + 1000), {})).id);
const enqueueSeconds = (performance.now() - d0) / 1000;
for (const id of batchIds) {
  for (;;) {
    const v = await service.getJob(id);
    if (v && (v.status === "completed" || v.status === "failed")) break;
    await new Promise((r) => setTimeout(r, 10));
  }
}
const drainSeconds = (performance.now() - d0) / 1000;
const cpu = process.cpuUsage(cpu0);
const workerCpu = workerCpuSeconds();
console.log(
  JSON.stringify({
    mode: separate ? "worker in a child process" : "worker in-process",
    knobs,
    clients,
    roundTripsPerSecond: Math.round(n / rtSeconds),
    roundTripCpuMsPerJob: +((rtCpu.user + rtCpu.system) / 1000 / (n + 200)).toFixed(2),
    p50ms: pct(50),
    p99ms: pct(99),
    batchEnqueuePerSecond: Math.round(n / enqueueSeconds),
    batchDrainPerSecond: Math.round(n / drainSeconds),
    jobs: 2 * n + 200,
    thisProcessCpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(2),
    workerProcessCpuSeconds: workerCpu,
  }),
);
await service.close();
await stop();
await deleteQueueKeys(queueName);
