// One prediction job: validate what Redis gave us, load the bytes, decode,
// join the dynamic batch, record the outcome (which also publishes it to the
// waiting API process). Bad input fails for good (JobFailure); anything else
// is thrown as-is so BullMQ retries it with backoff, and only the last
// attempt is recorded as a failure.
import { UnrecoverableError, type Job } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "@repo/logger";
import type { WorkerMetrics } from "@repo/metrics";
import {
  loadImage,
  MissingImageError,
  predictJobDataSchema,
  reportOutcome,
  type ItemOutcome,
  type PredictJobData,
  type PredictionResult,
  type QueueKeys,
} from "@repo/queue";
import type { DynamicBatcher } from "./dynamic-batcher.js";
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
  const { redis, keys, predictor, batcher, metrics, resultTtlSeconds } = deps;

  const report = (job: Job, data: PredictJobData, outcome: ItemOutcome) => {
    deps.reported?.add(job);
    return reportOutcome(redis, keys, { jobId: job.id!, data }, outcome, resultTtlSeconds);
  };

  // The job's return value stays small: the full result lives in the record.
  return async function process(job: Job): Promise<Pick<PredictionResult, "digit" | "confidence">> {
    const ticket = batcher.begin();
    const parsed = predictJobDataSchema.safeParse(job.data);
    if (!parsed.success) {
      ticket.cancel();
      metrics.countFailure("BAD_JOB");
      deps.logger.error({ jobId: job.id, issues: parsed.error.issues.slice(0, 3) }, "job data does not match the contract");
      throw new JobFailure("BAD_JOB", "job data does not match the contract");
    }
    const data = parsed.data;
    const log = deps.logger.child({ jobId: job.id, ...(data.requestId ? { requestId: data.requestId } : {}) });
    if (job.attemptsMade === 0) metrics.observeQueueWait(Math.max(0, Date.now() - data.enqueuedAt) / 1000);

    let image: Img;
    try {
      const bytes = await loadImage(redis, data.image);
      const t0 = performance.now();
      image = await predictor.decode(bytes);
      metrics.observeDecode((performance.now() - t0) / 1000);
    } catch (err) {
      ticket.cancel();
      const code = err instanceof MissingImageError ? "BAD_JOB" : inputErrorCode(err);
      const message = err instanceof Error ? err.message : String(err);
      if (code) {
        metrics.countFailure(code);
        log.info({ code, filename: data.filename }, "bad image");
        await report(job, data, { ok: false, error: { code, message } });
        throw new JobFailure(code, message);
      }
      throw await transient(job, data, err, log);
    }

    let probs: Float32Array;
    try {
      probs = await ticket.submit(image);
    } catch (err) {
      throw await transient(job, data, err, log);
    }
    const prediction = toPrediction(probs);
    await report(job, data, { ok: true, prediction });
    metrics.countPrediction(prediction.digit);
    log.debug({ digit: prediction.digit, confidence: prediction.confidence }, "predicted");
    return { digit: prediction.digit, confidence: prediction.confidence };
  };

  async function transient(job: Job, data: PredictJobData, err: unknown, log: Logger): Promise<unknown> {
    const message = err instanceof Error ? err.message : String(err);
    const last = isLastAttempt(job);
    log.warn({ err: message, attempt: job.attemptsMade + 1, last }, "transient failure");
    if (last) {
      metrics.countFailure("INFERENCE_FAILED");
      await report(job, data, { ok: false, error: { code: "INFERENCE_FAILED", message } }).catch(() => undefined);
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
  const parsed = predictJobDataSchema.safeParse(job.data);
  if (!parsed.success) return;
  deps.metrics.countFailure("INFERENCE_FAILED");
  deps.logger.warn({ jobId: job.id, err: err.message }, "job failed outside the processor");
  await reportOutcome(
    deps.redis,
    deps.keys,
    { jobId: job.id!, data: parsed.data },
    { ok: false, error: { code: "INFERENCE_FAILED", message: err.message } },
    deps.resultTtlSeconds,
  );
}
