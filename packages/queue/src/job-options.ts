import type { JobsOptions } from "bullmq";

/** Defaults of the queue's tuning knobs. */
export const QUEUE_DEFAULTS = {
  /** RESULT_TTL_SECONDS. */
  resultTtlSeconds: 3600,
  /** JOB_ATTEMPTS: transient failures are retried, with exponential backoff. */
  attempts: 3,
  /** First retry delay (ms); then 2×, 4×, ... */
  backoffMs: 200,
  /**
   * Completed BullMQ jobs kept (inspection only: results live in records).
   * The count caps Redis memory (about 1.3 KB per job) at any traffic.
   */
  keepCompletedJobs: 100,
  /** Failed BullMQ jobs kept, with their reasons, for debugging. */
  keepFailedJobs: 1000,
  /**
   * Approximate cap of BullMQ's events stream. Results travel by pub/sub, so
   * nothing here reads it; the stream's default (10,000 entries, about 1 MB)
   * would only cost memory and trimming work.
   */
  eventsMaxLen: 500,
  /**
   * BATCH_CHUNK_SIZE: images per BullMQ job when a batch is split. One job per
   * image spends the queue's fixed cost (scripts, fetch, completion) per image;
   * 16 shares it while keeping a 1,000-image batch spread over 63 jobs that
   * every worker can take.
   */
  batchChunkSize: 16,
  /** COALESCE_MAX_ITEMS: most single predictions of one event-loop turn sent as one job. */
  coalesceMaxItems: 64,
  /** Images up to this size are inlined in the job data as base64; larger ones go to a binary key. */
  inlineImageMaxBytes: 16 * 1024,
} as const;

/** BullMQ job options for prediction jobs. */
export function predictJobOptions(opts: {
  attempts: number;
  resultTtlSeconds: number;
  backoffMs?: number;
  keepCompletedJobs?: number;
  keepFailedJobs?: number;
}): JobsOptions {
  return {
    attempts: opts.attempts,
    backoff: { type: "exponential", delay: opts.backoffMs ?? QUEUE_DEFAULTS.backoffMs },
    // Count only: an age rule makes every completion also scan by age, and
    // measured cheaper without it (BENCHMARKS.md, BullMQ options); results
    // live in the records, so finished BullMQ jobs are kept for inspection only.
    removeOnComplete: { count: opts.keepCompletedJobs ?? QUEUE_DEFAULTS.keepCompletedJobs },
    removeOnFail: { age: opts.resultTtlSeconds, count: opts.keepFailedJobs ?? QUEUE_DEFAULTS.keepFailedJobs },
  };
}
