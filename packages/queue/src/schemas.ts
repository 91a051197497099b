// The job contract shared by the API (producer) and the worker (consumer).
// The worker re-validates everything it reads from Redis with these schemas:
// Redis is shared state, and a stale or foreign producer must not crash it.
import { z } from "zod";

/** Error codes a job can fail with (the shared vocabulary; the API maps them to HTTP statuses). */
export const JOB_ERROR_CODES = [
  "EMPTY_IMAGE",
  "UNSUPPORTED_FORMAT",
  "CORRUPT_IMAGE",
  "IMAGE_TOO_LARGE",
  "BLANK_IMAGE",
  "INFERENCE_FAILED",
  "BAD_JOB",
] as const;

/** One of {@link JOB_ERROR_CODES}. */
export type JobErrorCode = (typeof JOB_ERROR_CODES)[number];

/** Codes that mean "this input can never succeed": the job is not retried. */
export const UNRECOVERABLE_CODES: ReadonlySet<string> = new Set([
  "EMPTY_IMAGE",
  "UNSUPPORTED_FORMAT",
  "CORRUPT_IMAGE",
  "IMAGE_TOO_LARGE",
  "BLANK_IMAGE",
  "BAD_JOB",
]);

/** Where the image bytes of a job are: inline (base64, small images) or in a Redis key (binary). */
export const imageRefSchema = z.discriminatedUnion("at", [
  z.object({ at: z.literal("inline"), base64: z.string() }),
  z.object({ at: z.literal("key"), key: z.string().min(1), bytes: z.number().int().nonnegative() }),
]);
export type ImageRef = z.infer<typeof imageRefSchema>;

/** One image of a job: which record and position its outcome goes to, and where its bytes are. */
export const predictItemSchema = z.object({
  /** The record (batch or single prediction) this image belongs to. */
  recordId: z.string().min(1),
  /** Position in the upload (0 for a single prediction). */
  index: z.number().int().nonnegative(),
  filename: z.string(),
  mimeType: z.string(),
  image: imageRefSchema,
  requestId: z.string().optional(),
  /**
   * Pub/sub channel of the API process waiting for this result. Set for single
   * predictions only; their record is created by the worker with the outcome
   * (or by the API if it stops waiting), so enqueueing one costs one command.
   */
  replyTo: z.string().optional(),
});
export type PredictItem = z.infer<typeof predictItemSchema>;

/** Most images one job may carry (a chunk of a batch, or requests coalesced in one tick). */
export const MAX_ITEMS_PER_JOB = 256;

/**
 * The data of one BullMQ job: one or more images. Single predictions that
 * arrive together are coalesced into one job, and batches are split into
 * chunks, so the queue's fixed cost per job is shared by its images.
 */
export const predictJobDataSchema = z.object({
  /** Contract version, so a worker can refuse jobs from an incompatible producer. */
  v: z.literal(2),
  /** Date.now() at enqueue, for the queue-wait metric. */
  enqueuedAt: z.number(),
  items: z.array(predictItemSchema).min(1).max(MAX_ITEMS_PER_JOB),
});
export type PredictJobData = z.infer<typeof predictJobDataSchema>;

/**
 * Version 1 of the job data (one image per job), as producers before v2 wrote
 * it. Still accepted by workers, so jobs queued before an upgrade are served.
 */
const predictJobDataV1Schema = predictItemSchema.extend({ v: z.literal(1), enqueuedAt: z.number() });

/** What a worker accepts: a v2 job, or a v1 job read as a v2 job of one image. */
export const acceptedJobDataSchema = z.union([
  predictJobDataSchema,
  predictJobDataV1Schema.transform(({ v: _v, enqueuedAt, ...item }): PredictJobData => ({ v: 2, enqueuedAt, items: [item] })),
]);

/** A successful prediction (the job's return value). */
export const predictionSchema = z.object({
  digit: z.string().length(1),
  confidence: z.number(),
  probabilities: z.array(z.number()),
});
export type PredictionResult = z.infer<typeof predictionSchema>;

/** A failure with a stable code. */
export const jobErrorSchema = z.object({ code: z.string(), message: z.string() });

/** One finished item, as stored in a record and published to the waiting API process. */
export const itemOutcomeSchema = z.union([
  z.object({ ok: z.literal(true), prediction: predictionSchema }),
  z.object({ ok: z.literal(false), error: jobErrorSchema }),
]);
export type ItemOutcome = z.infer<typeof itemOutcomeSchema>;

/** The message published on a result channel: `jobId` is the id the API gave the request (its record id). */
export const resultMessageSchema = z.object({ jobId: z.string(), outcome: itemOutcomeSchema });
export type ResultMessage = z.infer<typeof resultMessageSchema>;

/** A worker's advert (heartbeat value). */
export const workerAdvertSchema = z.object({
  id: z.string(),
  pid: z.number(),
  host: z.string(),
  model: z.object({
    name: z.string(),
    format: z.string(),
    backend: z.string(),
    inputShape: z.array(z.number()),
    convention: z.string(),
    referenceAccuracy: z.number(),
  }),
  startedAt: z.number(),
  lastBeatAt: z.number(),
});
