// The PredictionService over BullMQ + Redis: what apps/api uses.
import { hostname } from "node:os";
import { Queue } from "bullmq";
import type { Redis, RedisOptions } from "ioredis";
import { silentLogger, type Logger } from "@repo/logger";
import type {
  JobView,
  PredictionService,
  ReadinessReport,
  UploadedImage,
  WaitOutcome,
} from "./service.js";
import { bullmqConnectionExtras, createRedis, ensureReady } from "./connection.js";
import { QueueUnavailableError } from "./errors.js";
import { Coalescer } from "./coalescer.js";
import { batchChunkJobId, isWellFormedId, newId } from "./ids.js";
import { encodeImage } from "./image-payload.js";
import { predictJobOptions, QUEUE_DEFAULTS } from "./job-options.js";
import { ensureSingleRecord, PENDING_GRACE_SECONDS, readOutcome, recordFields, recordToView } from "./job-record.js";
import { DEFAULT_PREFIX, DEFAULT_QUEUE_NAME, PREDICT_JOB_NAME, queueKeys, type QueueKeys } from "./keys.js";
import { ResultChannel } from "./result-channel.js";
import { MAX_ITEMS_PER_JOB, type ItemOutcome, type PredictItem, type PredictJobData } from "./schemas.js";
import { HEARTBEAT_DEFAULTS, liveWorkers } from "./worker-registry.js";

/** Options of {@link createPredictionService}; every one has a default. */
export interface PredictionServiceOptions {
  /** REDIS_URL, or ioredis options. @defaultValue "redis://127.0.0.1:6379" */
  connection?: string | RedisOptions;
  /** Alias of `connection` as a URL. */
  redisUrl?: string;
  /** QUEUE_NAME. @defaultValue "digits" */
  queueName?: string;
  /** Redis key prefix. @defaultValue "bull" */
  prefix?: string;
  /** RESULT_TTL_SECONDS. @defaultValue 3600 */
  resultTtlSeconds?: number;
  /** JOB_ATTEMPTS. @defaultValue 3 */
  attempts?: number;
  /** First retry delay (ms), doubled per attempt. @defaultValue 200 */
  backoffMs?: number;
  /** Completed BullMQ jobs kept for inspection (results live in records regardless). @defaultValue 100 */
  keepCompletedJobs?: number;
  /** Failed BullMQ jobs kept for debugging. @defaultValue 1000 */
  keepFailedJobs?: number;
  /** Images per BullMQ job when a batch is split (BATCH_CHUNK_SIZE). @defaultValue 16 */
  batchChunkSize?: number;
  /** Most single predictions coalesced into one job in one event-loop turn (COALESCE_MAX_ITEMS; 1 = never coalesce). @defaultValue 64 */
  coalesceMaxItems?: number;
  /** Images up to this size travel inline (base64); larger ones as binary keys. @defaultValue 16384 */
  inlineImageMaxBytes?: number;
  /** Approximate cap of BullMQ's events stream (QueueEvents readers see at most this many). @defaultValue 500 */
  eventsMaxLen?: number;
  /** A worker is alive if it beat within this many ms. @defaultValue 15000 */
  heartbeatTtlMs?: number;
  logger?: Logger;
}

/** Queue-state counts, for the API's queue-depth gauge. */
export type JobCounts = Record<
  "waiting" | "active" | "delayed" | "failed" | "completed" | "prioritized" | "waiting-children",
  number
>;

/** The BullMQ implementation of {@link PredictionService}, with a few extras. */
export interface QueuePredictionService extends PredictionService {
  /** Wait for a job that may already have finished (checks the stored result after subscribing). */
  waitForResult(jobId: string, opts: { timeoutMs: number }): Promise<WaitOutcome>;
  /** Counts by state, for metrics (several commands: do not call per request). */
  jobCounts(): Promise<JobCounts>;
  readonly queueName: string;
  readonly keys: QueueKeys;
}

/** Create the producer side: one Queue connection and one shared result subscription per process. */
export function createPredictionService(options: PredictionServiceOptions = {}): QueuePredictionService {
  const logger = options.logger ?? silentLogger;
  const connection = options.connection ?? options.redisUrl ?? "redis://127.0.0.1:6379";
  const queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
  const keys = queueKeys(queueName, options.prefix ?? DEFAULT_PREFIX);
  const ttl = options.resultTtlSeconds ?? QUEUE_DEFAULTS.resultTtlSeconds;
  const inlineMax = options.inlineImageMaxBytes ?? QUEUE_DEFAULTS.inlineImageMaxBytes;
  const heartbeatTtlMs = options.heartbeatTtlMs ?? HEARTBEAT_DEFAULTS.ttlMs;
  const chunkSize = options.batchChunkSize ?? QUEUE_DEFAULTS.batchChunkSize;
  const coalesceMax = options.coalesceMaxItems ?? QUEUE_DEFAULTS.coalesceMaxItems;
  for (const [name, v] of [["batchChunkSize", chunkSize], ["coalesceMaxItems", coalesceMax]] as const) {
    if (!Number.isInteger(v) || v < 1 || v > MAX_ITEMS_PER_JOB) throw new RangeError(`${name} must be an integer from 1 to ${MAX_ITEMS_PER_JOB}, got ${v}`);
  }
  const jobOpts = predictJobOptions({
    attempts: options.attempts ?? QUEUE_DEFAULTS.attempts,
    resultTtlSeconds: ttl,
    backoffMs: options.backoffMs,
    keepCompletedJobs: options.keepCompletedJobs,
    keepFailedJobs: options.keepFailedJobs,
  });

  const redis = createRedis(connection, "producer");
  const subscriber = createRedis(connection, "subscriber");
  redis.on("error", (err: Error) => logger.warn({ err: err.message }, "redis producer error"));
  const queue = new Queue<PredictJobData>(queueName, {
    connection: redis,
    prefix: keys.prefix,
    defaultJobOptions: jobOpts,
    streams: { events: { maxLen: options.eventsMaxLen ?? QUEUE_DEFAULTS.eventsMaxLen } },
    ...bullmqConnectionExtras,
  });
  queue.on("error", (err: Error) => logger.warn({ err: err.message }, "queue error"));
  const instanceId = `${hostname()}.${process.pid}.${newId().slice(0, 8)}`;
  const channel = new ResultChannel(subscriber, keys.resultChannel(instanceId), logger);
  channel.start().catch((err: unknown) => logger.warn({ err: String(err) }, "result subscription failed"));

  const toOutcome = (jobId: string, o: ItemOutcome | null): WaitOutcome =>
    o === null
      ? { kind: "timeout", jobId }
      : o.ok
        ? { kind: "completed", jobId, prediction: o.prediction }
        : { kind: "failed", jobId, error: o.error };

  const unavailable = (err: unknown): QueueUnavailableError =>
    err instanceof QueueUnavailableError
      ? err
      : new QueueUnavailableError(`queue unavailable: ${err instanceof Error ? err.message : String(err)}`, { cause: err });

  type Store = { key: string; bytes: Buffer };

  /** One image as a job item, plus the binary key to write first when it is too large to inline. */
  function itemOf(recordId: string, index: number, image: UploadedImage, requestId: string | undefined, replyTo: string | undefined) {
    const enc = encodeImage(image.bytes, `${recordId}.${index}`, { inlineMaxBytes: inlineMax, keyOf: keys.image });
    const item: PredictItem = {
      recordId,
      index,
      filename: image.filename,
      mimeType: image.mimeType,
      image: enc.ref,
      ...(requestId ? { requestId } : {}),
      ...(replyTo ? { replyTo } : {}),
    };
    return { item, store: enc.store };
  }

  // Record and image keys are sent on the same connection before the jobs are
  // added, so Redis applies them first, without waiting a round trip. Plain
  // commands, not a pipeline: an ioredis Pipeline copies every script defined
  // on the connection (BullMQ defines dozens), which cost more CPU than the rest.
  async function enqueue(
    record: { id: string; names: string[] } | null,
    jobs: { jobId: string; items: { item: PredictItem; store?: Store }[] }[],
  ): Promise<void> {
    // Until its last result is in, a record (and its images) outlive the result TTL by a grace for queueing.
    const pendingTtl = ttl + PENDING_GRACE_SECONDS;
    const writes: Promise<unknown>[] = [];
    if (record) {
      const recordKey = keys.record(record.id);
      writes.push(redis.hset(recordKey, recordFields({ total: record.names.length, names: record.names })), redis.expire(recordKey, pendingTtl));
    }
    for (const j of jobs) for (const { store } of j.items) if (store) writes.push(redis.set(store.key, store.bytes, "EX", pendingTtl));
    const enqueuedAt = Date.now();
    const dataOf = (j: (typeof jobs)[number]): PredictJobData => ({ v: 2, enqueuedAt, items: j.items.map((i) => i.item) });
    writes.push(
      jobs.length === 1
        ? queue.add(PREDICT_JOB_NAME, dataOf(jobs[0]!), { jobId: jobs[0]!.jobId })
        : queue.addBulk(jobs.map((j) => ({ name: PREDICT_JOB_NAME, data: dataOf(j), opts: { ...jobOpts, jobId: j.jobId } }))),
    );
    await Promise.all(writes);
  }

  // Single predictions of one event-loop turn share a job; resolves to its BullMQ job id.
  const singles = new Coalescer<{ item: PredictItem; store?: Store }, string>(async (items) => {
    const jobId = newId();
    await enqueue(null, [{ jobId, items }]);
    return jobId;
  }, coalesceMax);

  const service: QueuePredictionService = {
    queueName,
    keys,

    async predict(image, opts) {
      await ensureReady(redis);
      const id = newId();
      const recordKey = keys.record(id);
      const live = channel.live;
      const waiter = channel.wait(id, {
        timeoutMs: opts.timeoutMs,
        check: () => readOutcome(redis, recordKey, 0),
        // Registered before the job exists, so with a live subscription no result can be missed.
        checkNow: false,
      });
      const createdAt = Date.now();
      let bullJobId: string;
      try {
        bullJobId = await singles.add(itemOf(id, 0, image, opts.requestId, channel.channel));
      } catch (err) {
        waiter.cancel();
        throw unavailable(err);
      }
      if (!live) {
        // Subscription not (yet) confirmed: the result may be published unheard; look once it is.
        channel.start().then(() => waiter.recheck(), () => undefined);
      }
      const outcome = toOutcome(id, await waiter.promise);
      if (outcome.kind === "timeout") {
        // The client may poll GET /jobs/:id from now on: the record must exist.
        await ensureSingleRecord(redis, recordKey, { filename: image.filename, createdAt, bullJobId, ttlSeconds: ttl }).catch(
          (err: unknown) => logger.warn({ err: String(err), jobId: id }, "could not create the record of a timed-out prediction"),
        );
      }
      return outcome;
    },

    async waitForResult(jobId, opts) {
      await ensureReady(redis);
      await channel.start().catch((err: unknown) => {
        throw unavailable(err);
      });
      const recordKey = keys.record(jobId);
      const waiter = channel.wait(jobId, {
        timeoutMs: opts.timeoutMs,
        check: () => readOutcome(redis, recordKey, 0),
        checkNow: true,
      });
      return toOutcome(jobId, await waiter.promise);
    },

    async submitBatch(images, opts) {
      await ensureReady(redis);
      const id = newId();
      const jobs: { jobId: string; items: { item: PredictItem; store?: Store }[] }[] = [];
      for (let start = 0; start < images.length; start += chunkSize) {
        const items = images.slice(start, start + chunkSize).map((image, k) => itemOf(id, start + k, image, opts.requestId, undefined));
        jobs.push({ jobId: batchChunkJobId(id, jobs.length), items });
      }
      try {
        await enqueue({ id, names: images.map((i) => i.filename) }, jobs);
      } catch (err) {
        throw unavailable(err);
      }
      return { id, total: images.length };
    },

    async getJob(id): Promise<JobView | null> {
      if (!isWellFormedId(id)) return null;
      await ensureReady(redis);
      try {
        const hash = await redis.hgetall(keys.record(id));
        if (hash.total === undefined) return null;
        let started = false;
        if (hash.total === "1" && hash["i:0"] === undefined && hash.job) {
          // A single prediction that timed out: BullMQ knows if the job carrying it is running.
          started = (await queue.getJobState(hash.job)) === "active";
        }
        return recordToView(id, hash, started);
      } catch (err) {
        throw unavailable(err);
      }
    },

    async waitingCount() {
      await ensureReady(redis);
      try {
        return await redis.llen(`${keys.prefix}:${queueName}:wait`);
      } catch (err) {
        throw unavailable(err);
      }
    },

    async jobCounts() {
      await ensureReady(redis);
      const c = await queue.getJobCounts("waiting", "active", "delayed", "failed", "completed", "prioritized", "waiting-children");
      return {
        waiting: c.waiting ?? 0,
        active: c.active ?? 0,
        delayed: c.delayed ?? 0,
        failed: c.failed ?? 0,
        completed: c.completed ?? 0,
        prioritized: c.prioritized ?? 0,
        "waiting-children": c["waiting-children"] ?? 0,
      };
    },

    async readiness(): Promise<ReadinessReport> {
      const reasons: string[] = [];
      let redisOk = false;
      try {
        await ensureReady(redis, 500);
        redisOk = (await withTimeout(redis.ping(), 1_000)) === "PONG";
      } catch (err) {
        reasons.push(`redis: ${err instanceof Error ? err.message : String(err)}`);
      }
      let workers: Awaited<ReturnType<typeof liveWorkers>> = [];
      if (redisOk) {
        try {
          workers = await withTimeout(liveWorkers(redis, keys, heartbeatTtlMs), 1_000);
          if (workers.length === 0) reasons.push("no live worker with a loaded model");
        } catch (err) {
          reasons.push(`workers: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      return { ready: redisOk && workers.length > 0, redis: redisOk, workers, reasons };
    },

    async close() {
      await channel.close();
      await queue.close().catch(() => undefined);
      await Promise.all([quit(subscriber), quit(redis)]);
    },
  };
  return service;
}

async function quit(r: Redis): Promise<void> {
  try {
    if (r.status === "ready") await r.quit();
    else r.disconnect();
  } catch {
    r.disconnect();
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e: unknown) => (clearTimeout(t), reject(e)),
    );
  });
}
