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
import { batchItemJobId, isWellFormedId, newId } from "./ids.js";
import { encodeImage } from "./image-payload.js";
import { predictJobOptions, QUEUE_DEFAULTS } from "./job-options.js";
import { PENDING_GRACE_SECONDS, readOutcome, recordFields, recordToView } from "./job-record.js";
import { DEFAULT_PREFIX, DEFAULT_QUEUE_NAME, PREDICT_JOB_NAME, queueKeys, type QueueKeys } from "./keys.js";
import { ResultChannel } from "./result-channel.js";
import type { ItemOutcome, PredictJobData } from "./schemas.js";
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

  /** Data + image-store commands of one job. */
  function jobOf(recordId: string, jobId: string, index: number, image: UploadedImage, requestId: string | undefined, replyTo: string | undefined) {
    const enc = encodeImage(image.bytes, jobId, { inlineMaxBytes: inlineMax, keyOf: keys.image });
    const data: PredictJobData = {
      v: 1,
      recordId,
      index,
      filename: image.filename,
      mimeType: image.mimeType,
      image: enc.ref,
      enqueuedAt: Date.now(),
      ...(requestId ? { requestId } : {}),
      ...(replyTo ? { replyTo } : {}),
    };
    return { data, store: enc.store };
  }

  // The record and image keys are sent on the same connection before the job
  // is added, so Redis applies them first, without waiting a round trip. Plain
  // commands, not a pipeline: an ioredis Pipeline copies every script defined
  // on the connection (BullMQ defines dozens), which cost more CPU than the rest.
  async function enqueue(recordId: string, names: string[], jobs: { jobId: string; data: PredictJobData; store?: { key: string; bytes: Buffer } }[]) {
    // Until its last result is in, a record (and its images) outlive the result TTL by a grace for queueing.
    const pendingTtl = ttl + PENDING_GRACE_SECONDS;
    const recordKey = keys.record(recordId);
    const writes: Promise<unknown>[] = [
      redis.hset(recordKey, recordFields({ total: names.length, names })),
      redis.expire(recordKey, pendingTtl),
    ];
    for (const j of jobs) if (j.store) writes.push(redis.set(j.store.key, j.store.bytes, "EX", pendingTtl));
    writes.push(
      jobs.length === 1
        ? queue.add(PREDICT_JOB_NAME, jobs[0]!.data, { jobId: jobs[0]!.jobId })
        : queue.addBulk(jobs.map((j) => ({ name: PREDICT_JOB_NAME, data: j.data, opts: { ...jobOpts, jobId: j.jobId } }))),
    );
    await Promise.all(writes);
  }

  const service: QueuePredictionService = {
    queueName,
    keys,

    async predict(image, opts) {
      await ensureReady(redis);
      const jobId = newId();
      const recordKey = keys.record(jobId);
      const live = channel.live;
      const waiter = channel.wait(jobId, {
        timeoutMs: opts.timeoutMs,
        check: () => readOutcome(redis, recordKey, 0),
        // Registered before the job exists, so with a live subscription no result can be missed.
        checkNow: false,
      });
      try {
        const job = jobOf(jobId, jobId, 0, image, opts.requestId, channel.channel);
        await enqueue(jobId, [image.filename], [{ jobId, ...job }]);
      } catch (err) {
        waiter.cancel();
        throw unavailable(err);
      }
      if (!live) {
        // Subscription not (yet) confirmed: the result may be published unheard; look once it is.
        channel.start().then(() => waiter.recheck(), () => undefined);
      }
      return toOutcome(jobId, await waiter.promise);
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
      const jobs = images.map((image, index) => {
        const jobId = batchItemJobId(id, index);
        return { jobId, ...jobOf(id, jobId, index, image, opts.requestId, undefined) };
      });
      try {
        await enqueue(id, images.map((i) => i.filename), jobs);
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
        if (hash.total === "1" && hash["i:0"] === undefined) {
          // A single prediction: its job id is the record id, so BullMQ knows if it is running.
          started = (await queue.getJobState(id)) === "active";
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
