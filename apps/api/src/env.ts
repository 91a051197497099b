import { z } from "zod";
import { envInt, envList, envPort, loadEnv } from "@repo/config";

/** The API's configuration: every variable it reads, with its default. Parsed once in main.ts. */
export const apiEnvSchema = z.object({
  PORT: envPort(8001),
  HOST: z.string().default("0.0.0.0"),
  METRICS_PORT: envPort(8000),
  REDIS_URL: z.string().url().default("redis://127.0.0.1:6379"),
  QUEUE_NAME: z.string().regex(/^[A-Za-z0-9_.-]+$/, "letters, digits, _ . - only").default("digits"),
  /** Per file. Larger files are cut off while streaming (413). */
  MAX_UPLOAD_BYTES: envInt(10 * 1024 * 1024, { min: 1 }),
  /** Files per POST /jobs (more → 413 TOO_MANY_FILES). */
  MAX_BATCH_FILES: envInt(1000, { min: 1 }),
  /** All files of one POST /jobs together; bounds what a batch holds in memory. */
  MAX_BATCH_BYTES: envInt(256 * 1024 * 1024, { min: 1 }),
  /** Width × height declared by the image header (more → 422 IMAGE_TOO_LARGE). */
  MAX_IMAGE_PIXELS: envInt(25_000_000, { min: 1 }),
  PREDICT_TIMEOUT_MS: envInt(10_000, { min: 1 }),
  /** Waiting queue jobs (not images: a job carries up to BATCH_CHUNK_SIZE images of a batch, or the requests of one tick) above this → 429. */
  MAX_QUEUE_DEPTH: envInt(10_000, { min: 0 }),
  /** Images per queue job when a POST /jobs batch is split. */
  BATCH_CHUNK_SIZE: envInt(16, { min: 1, max: 256 }),
  /** Most POST /predict requests of one event-loop turn sent as one queue job (1 = one job per request). */
  COALESCE_MAX_ITEMS: envInt(64, { min: 1, max: 256 }),
  RESULT_TTL_SECONDS: envInt(3600, { min: 1 }),
  /** Comma list; empty means no authentication. */
  API_KEYS: envList([]),
  JOB_ATTEMPTS: envInt(3, { min: 1, max: 100 }),
  /** How long SIGTERM waits for in-flight requests before closing connections. */
  SHUTDOWN_GRACE_MS: envInt(15_000, { min: 0 }),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type ApiEnv = z.infer<typeof apiEnvSchema>;

/** Parse process.env once; exits naming the bad variable. */
export function loadApiEnv(env: Record<string, string | undefined> = process.env): ApiEnv {
  return loadEnv(apiEnvSchema, env);
}
