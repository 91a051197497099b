// Why a batch is addBulk + a record rather than a BullMQ flow: enqueue time
// and Redis footprint of one 1,000-image batch each way (no worker running).
// Usage: node --conditions=development --import tsx apps/worker/bench/flow-vs-addbulk.ts
import { FlowProducer } from "bullmq";
import { Redis } from "ioredis";
import { createPredictionService } from "@repo/queue";
import { deleteQueueKeys, fakeImage, REDIS_URL, uniqueQueueName } from "@repo/queue/testing";

const redis = new Redis(REDIS_URL);
async function footprint(queueName: string) {
  let keys = 0, bytes = 0, cursor = "0";
  do {
    const [next, found] = await redis.scan(cursor, "MATCH", `bull:${queueName}:*`, "COUNT", 2000);
    cursor = next;
    for (const k of found) bytes += Number(await redis.memory("USAGE", k, "SAMPLES", 0));
    keys += found.length;
  } while (cursor !== "0");
  return { keys, bytes };
}
const images = Array.from({ length: 1000 }, (_, i) => ({ filename: `${i}.png`, bytes: fakeImage(i % 10, 300), mimeType: "image/png" }));
const rows: Record<string, unknown>[] = [];
for (let round = 0; round < 3; round++) {
  const q1 = uniqueQueueName("addbulk");
  const service = createPredictionService({ redisUrl: REDIS_URL, queueName: q1 });
  await service.waitingCount();
  let t0 = performance.now();
  await service.submitBatch(images, {});
  rows.push({ way: "addBulk + record", ms: +(performance.now() - t0).toFixed(1), ...(await footprint(q1)) });
  await service.close();
  await deleteQueueKeys(q1);

  const q2 = uniqueQueueName("flow");
  const conn = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const flow = new FlowProducer({ connection: conn });
  t0 = performance.now();
  await flow.add({
    name: "batch",
    queueName: q2,
    data: { names: images.map((i) => i.filename) },
    children: images.map((img, index) => ({ name: "predict", queueName: q2, data: { index, base64: Buffer.from(img.bytes).toString("base64") } })),
  });
  rows.push({ way: "flow (parent + children)", ms: +(performance.now() - t0).toFixed(1), ...(await footprint(q2)) });
  await flow.close();
  conn.disconnect();
  await deleteQueueKeys(q2);
}
console.table(rows);
redis.disconnect();
