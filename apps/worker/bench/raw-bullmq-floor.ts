// The floor under our layer: bare BullMQ (Queue.add, a no-op Worker that
// PUBLISHes the return value, one subscriber), same connection options, same
// 64 clients. Compare with roundtrip.ts to see what records, zod validation,
// the batcher and metrics add. Usage (repo root):
//   node --conditions=development --import tsx apps/worker/bench/raw-bullmq-floor.ts [n] [clients]
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { connectionOptions } from "@repo/queue";
import { deleteQueueKeys, REDIS_URL, uniqueQueueName } from "@repo/queue/testing";

const n = Number(process.argv[2] ?? 3000);
const clients = Number(process.argv[3] ?? 64);
const queueName = uniqueQueueName("raw");
const producer = new Redis(REDIS_URL, connectionOptions("producer"));
const sub = new Redis(REDIS_URL, connectionOptions("subscriber"));
const pub = new Redis(REDIS_URL, connectionOptions("worker"));
const wconn = new Redis(REDIS_URL, connectionOptions("worker"));
const queue = new Queue(queueName, { connection: producer, skipVersionCheck: true, defaultJobOptions: { removeOnComplete: { age: 3600, count: 100 } } });
const worker = new Worker(queueName, async (job) => {
  await pub.publish("raw-results", job.id!);
  return 1;
}, { connection: wconn, concurrency: 64, skipVersionCheck: true });
const pending = new Map<string, () => void>();
await sub.subscribe("raw-results");
sub.on("message", (_c, id: string) => pending.get(id)?.());
await worker.waitUntilReady();
let seq = 0;
const one = () => new Promise<void>((resolve) => {
  const id = `j${seq++}`;
  pending.set(id, () => (pending.delete(id), resolve()));
  void queue.add("x", { b: "iVBORw0KGgo=".repeat(20) }, { jobId: id });
});
for (let i = 0; i < 200; i++) await one();
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let next = 0;
await Promise.all(Array.from({ length: clients }, async () => { while (next++ < n) await one(); }));
const s = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
console.log(JSON.stringify({ mode: "bare BullMQ, in-process", clients, roundTripsPerSecond: Math.round(n / s), cpuMsPerJob: +((cpu.user + cpu.system) / 1000 / n).toFixed(2) }));
await worker.close();
await queue.close();
for (const r of [producer, sub, pub, wconn]) r.disconnect();
await deleteQueueKeys(queueName);
