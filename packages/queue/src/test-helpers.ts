// Test-only helpers (excluded from the build): unique queue names, cleanup of
// every key under a queue's prefix, and a minimal in-process worker.
import { randomBytes } from "node:crypto";
import { Worker, UnrecoverableError, type Job } from "bullmq";
import { Redis } from "ioredis";
import { bullmqConnectionExtras, connectionOptions } from "./connection.js";
import { loadImage } from "./image-payload.js";
import { reportOutcome } from "./job-record.js";
import { queueKeys } from "./keys.js";
import { predictJobDataSchema, type ItemOutcome, type PredictJobData } from "./schemas.js";

export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** A queue name no other test (or engineer) uses. */
export function uniqueQueueName(tag: string): string {
  return `test-${tag}-${randomBytes(5).toString("hex")}`;
}

/** Delete every key of `queueName` (ours and BullMQ's). Never FLUSHDB: Redis is shared. */
export async function deleteQueueKeys(queueName: string, prefix = "bull"): Promise<number> {
  const redis = new Redis(REDIS_URL);
  let deleted = 0;
  try {
    const pattern = queueKeys(queueName, prefix).pattern;
    let cursor = "0";
    do {
      const [next, found] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
      cursor = next;
      if (found.length) deleted += await redis.del(...found);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
  return deleted;
}

/** Count the keys of `queueName`. */
export async function countQueueKeys(redis: Redis, queueName: string, prefix = "bull"): Promise<number> {
  let n = 0;
  let cursor = "0";
  do {
    const [next, found] = await redis.scan(cursor, "MATCH", queueKeys(queueName, prefix).pattern, "COUNT", 1000);
    cursor = next;
    n += found.length;
  } while (cursor !== "0");
  return n;
}

/** A fake digit: the last byte of the image mod 10; "bad" images (not starting with 0x89) fail. */
export function fakeOutcome(bytes: Uint8Array): ItemOutcome {
  if (bytes.length === 0) return { ok: false, error: { code: "EMPTY_IMAGE", message: "empty" } };
  if (bytes[0] !== 0x89) return { ok: false, error: { code: "CORRUPT_IMAGE", message: "not a png" } };
  const digit = bytes[bytes.length - 1]! % 10;
  const probabilities = Array.from({ length: 10 }, (_, i) => (i === digit ? 1 : 0));
  return { ok: true, prediction: { digit: String(digit), confidence: 1, probabilities } };
}

/** An image that the fake worker predicts as `digit`. */
export function fakeImage(digit: number, size = 16): Uint8Array {
  const b = new Uint8Array(size);
  b[0] = 0x89;
  b[size - 1] = digit;
  return b;
}

/** A minimal worker over the real queue: validates, loads, fakes a prediction, reports. */
export function startFakeWorker(queueName: string, opts: { ttlSeconds?: number; concurrency?: number; delayMs?: number } = {}) {
  const keys = queueKeys(queueName);
  const redis = new Redis(REDIS_URL, connectionOptions("worker"));
  const conn = new Redis(REDIS_URL, connectionOptions("worker"));
  const worker = new Worker<PredictJobData>(
    queueName,
    async (job: Job<PredictJobData>) => {
      const parsed = predictJobDataSchema.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError("BAD_JOB");
      const { items, enqueuedAt } = parsed.data;
      if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
      for (const item of items) {
        const outcome = fakeOutcome(await loadImage(redis, item.image));
        await reportOutcome(redis, keys, { item, enqueuedAt }, outcome, opts.ttlSeconds ?? 60);
      }
      return { images: items.length };
    },
    {
      connection: conn,
      concurrency: opts.concurrency ?? 16,
      ...bullmqConnectionExtras,
    },
  );
  return {
    worker,
    async close() {
      await worker.close();
      redis.disconnect();
      conn.disconnect();
    },
  };
}
