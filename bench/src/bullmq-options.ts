// `node bench/dist/bullmq-options.js [jobs]`: the drain rate and CPU per job
// of a bare BullMQ worker (no-op processor, concurrency 64, our connection
// options) under job-option variants that are not environment knobs:
// removeOnComplete as {age,count} / {count} / true, and whether the
// processor's return value is stored. Each variant gets its own queue,
// deleted afterwards.
import { Queue, Worker, type JobsOptions } from "bullmq";
import { bullmqConnectionExtras, createRedis, predictJobOptions } from "@repo/queue";
import { processCpuSeconds } from "./cpu.js";
import { deleteKeys, redisPid } from "./redis-probe.js";
import { table } from "./report.js";
import { requireRedis } from "./setup.js";

const jobs = Number(process.argv[2] ?? 5000);
if (!Number.isInteger(jobs) || jobs < 100) {
  process.stderr.write("usage: node bench/dist/bullmq-options.js [jobs >= 100]\n");
  process.exit(2);
}
const { url, redis } = await requireRedis();
const rPid = await redisPid(redis);
// Shaped like a real prediction job: an inline 163-byte PNG is ~220 base64 characters.
const data = { v: 2, enqueuedAt: 0, items: [{ recordId: "r", index: 0, filename: "d.png", mimeType: "image/png", image: { at: "inline", base64: "A".repeat(220) } }] };
const prediction = { digit: "7", confidence: 0.99, probabilities: Array.from({ length: 10 }, () => 0.0123456789) };
const ours = predictJobOptions({ attempts: 3, resultTtlSeconds: 3600 });

const variants: { name: string; opts: JobsOptions; returns: unknown; concurrency?: number }[] = [
  { name: "ours: removeOnComplete {age 3600, count 1000}, returns the prediction", opts: ours, returns: prediction },
  { name: "same, processor returns nothing", opts: ours, returns: undefined },
  { name: "removeOnComplete {count 1000} (no age), returns nothing", opts: { ...ours, removeOnComplete: { count: 1000 } }, returns: undefined },
  { name: "removeOnComplete true, returns nothing", opts: { ...ours, removeOnComplete: true }, returns: undefined },
  { name: "ours, worker concurrency 256", opts: ours, returns: prediction, concurrency: 256 },
];

const rows: string[][] = [];
// The first pass is a warm-up (JIT, connections, Redis script cache) and is not reported.
for (const [i, v] of [variants[0]!, ...variants].entries()) {
  const queueName = `bench-bullopts-${process.pid}-${i}`;
  const producer = createRedis(url, "worker");
  const queue = new Queue(queueName, { connection: producer, defaultJobOptions: v.opts, ...bullmqConnectionExtras });
  for (let n = 0; n < jobs; n += 1000) {
    await queue.addBulk(Array.from({ length: Math.min(1000, jobs - n) }, () => ({ name: "predict", data })));
  }
  const connection = createRedis(url, "worker");
  let done = 0;
  let finish!: () => void;
  const finished = new Promise<void>((r) => (finish = r));
  const r0 = rPid ? processCpuSeconds(rPid) : null;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const worker = new Worker(queueName, async () => v.returns, {
    connection,
    concurrency: v.concurrency ?? 64,
    autorun: false,
    ...bullmqConnectionExtras,
  });
  worker.on("completed", () => {
    if (++done === jobs) finish();
  });
  void worker.run();
  await finished;
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const r1 = rPid ? processCpuSeconds(rPid) : null;
  if (i > 0) rows.push([
    v.name,
    String(Math.round(jobs / seconds)),
    ((c.user + c.system) / 1000 / jobs).toFixed(3),
    r0 !== null && r1 !== null ? (((r1 - r0) * 1000) / jobs).toFixed(3) : "n/a",
  ]);
  await worker.close();
  await queue.close();
  await Promise.all([producer.quit(), connection.quit()]);
  await deleteKeys(redis, `bull:${queueName}:*`);
}
await redis.quit();
process.stdout.write(`${table(["variant (drain of " + jobs + " jobs)", "jobs/s", "worker CPU ms/job", "redis CPU ms/job"], rows)}\n`);
