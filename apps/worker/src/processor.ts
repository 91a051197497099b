// One job: one or more images (requests coalesced by the API, or a chunk of a
// batch). Validate what Redis gave us; for every image load the bytes,
// decode, join the dynamic batch and record its outcome (which also publishes
// it to the waiting API process). A bad image fails alone, for good; anything
// else is thrown so BullMQ retries the job with backoff (images already
// recorded are not counted twice), and only the last attempt records failures.
import { UnrecoverableError, type Job } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "@repo/logger";
import type { WorkerMetrics } from "@repo/metrics";
import {
  loadImage,
  MissingImageError,
  acceptedJobDataSchema,
  reportOutcome,
  type ItemOutcome,
  type PredictItem,
  type PredictJobData,
  type QueueKeys,
} from "@repo/queue";
import type { BatchTicket, DynamicBatcher } from "./dynamic-batcher.js";
import { inputErrorCode, JobFailure } from "./job-failure.js";
import { toPrediction, type Predictor } from "./predictor.js";

/** What the processor needs. */
export interface ProcessorDeps<Img> {
  redis: Redis;
  keys: QueueKeys;
  predictor: Predictor<Img>;
  batcher: DynamicBatcher<Img, Float32Array>;
  metrics: WorkerMetrics;
  logger: Logger;
  resultTtlSeconds: number;
  /** Jobs whose final failure was recorded by the processor (the `failed` listener skips them). */
  reported?: WeakSet<object>;
}

/** Whether this attempt is the job's last one. */
export function isLastAttempt(job: Pick<Job, "attemptsMade" | "opts">): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

/** Build the BullMQ processor function. */
export function createProcessor<Img>(deps: ProcessorDeps<Img>) {
  const { redis, keys, predictor, batcher, metrics, resultTtlSeconds, logger } = deps;

  const report = (job: Job, data: PredictJobData, item: PredictItem, outcome: ItemOutcome) => {
    deps.reported?.add(job);
    return reportOutcome(redis, keys, { item, enqueuedAt: data.enqueuedAt }, outcome, resultTtlSeconds);
  };

  /** One image; resolves true if predicted, false if it was bad input (recorded); throws if transient. */
  async function runItem(job: Job, data: PredictJobData, item: PredictItem, ticket: BatchTicket<Img, Float32Array>): Promise<boolean> {
    let image: Img;
    try {
      const bytes = await loadImage(redis, item.image);
      const t0 = performance.now();
      image = await predictor.decode(bytes);
      metrics.observeDecode((performance.now() - t0) / 1000);
    } catch (err) {
      ticket.cancel();
      const code = err instanceof MissingImageError ? "BAD_JOB" : inputErrorCode(err);
      if (!code) throw err;
      const message = err instanceof Error ? err.message : String(err);
      metrics.countFailure(code);
      logger.info({ jobId: job.id, recordId: item.recordId, index: item.index, requestId: item.requestId, code, filename: item.filename }, "bad image");
      await report(job, data, item, { ok: false, error: { code, message } });
      return false;
    }
    const prediction = toPrediction(await ticket.submit(image));
    await report(job, data, item, { ok: true, prediction });
    metrics.countPrediction(prediction.digit);
    return true;
  }

  // The job's return value stays small: results live in the records.
  return async function process(job: Job): Promise<{ images: number; failed: number }> {
    const parsed = acceptedJobDataSchema.safeParse(job.data);
    if (!parsed.success) {
      metrics.countFailure("BAD_JOB");
      logger.error({ jobId: job.id, issues: parsed.error.issues.slice(0, 3) }, "job data does not match the contract");
      throw new JobFailure("BAD_JOB", "job data does not match the contract");
    }
    const data = parsed.data;
    // Announce every image before the first decode, so the batcher waits for its siblings.
    const tickets = data.items.map(() => batcher.begin());
    if (job.attemptsMade === 0) {
      const wait = Math.max(0, Date.now() - data.enqueuedAt) / 1000;
      for (let i = 0; i < data.items.length; i++) metrics.observeQueueWait(wait);
    }
    const settled = await Promise.allSettled(data.items.map((item, i) => runItem(job, data, item, tickets[i]!)));
    const failure = settled.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failure) throw await transient(job, data, failure.reason);
    return { images: data.items.length, failed: settled.filter((r) => r.status === "fulfilled" && !r.value).length };
  };

  async function transient(job: Job, data: PredictJobData, err: unknown): Promise<unknown> {
    const message = err instanceof Error ? err.message : String(err);
    const last = isLastAttempt(job);
    logger.warn({ jobId: job.id, images: data.items.length, err: message, attempt: job.attemptsMade + 1, last }, "transient failure");
    if (last) {
      deps.reported?.add(job);
      await recordInferenceFailed(deps, data, message).catch(() => undefined);
    }
    return err;
  }
}

/**
 * For the `failed` event: jobs that failed without the processor recording it
 * (a job that stalled too often because its workers kept dying) still get a
 * final outcome, so their batch completes and their waiter is answered.
 */
export async function recordUnreportedFailure(
  deps: Pick<ProcessorDeps<unknown>, "redis" | "keys" | "metrics" | "resultTtlSeconds" | "reported" | "logger">,
  job: Job | undefined,
  err: Error,
): Promise<void> {
  if (!job || deps.reported?.has(job)) return;
  const final = err instanceof UnrecoverableError || err.name === "UnrecoverableError" || job.attemptsMade >= (job.opts.attempts ?? 1);
  if (!final) return;
  const parsed = acceptedJobDataSchema.safeParse(job.data);
  if (!parsed.success) return;
  deps.logger.warn({ jobId: job.id, images: parsed.data.items.length, err: err.message }, "job failed outside the processor");
  await recordInferenceFailed(deps, parsed.data, err.message);
}

/**
 * A job's final failure: every image not yet recorded gets INFERENCE_FAILED
 * (images already recorded keep their outcome: the record script adds each
 * index once, so only the new ones are counted). Every image is tried; the
 * first Redis error, if any, is thrown afterwards.
 */
async function recordInferenceFailed(
  deps: Pick<ProcessorDeps<unknown>, "redis" | "keys" | "metrics" | "resultTtlSeconds">,
  data: PredictJobData,
  message: string,
): Promise<void> {
  let firstError: unknown = null;
  for (const item of data.items) {
    try {
      const added = await reportOutcome(
        deps.redis,
        deps.keys,
        { item, enqueuedAt: data.enqueuedAt },
        { ok: false, error: { code: "INFERENCE_FAILED", message } },
        deps.resultTtlSeconds,
      );
      if (added) deps.metrics.countFailure("INFERENCE_FAILED");
    } catch (err) {
      firstError ??= err;
    }
  }
  if (firstError !== null) throw firstError;
}
