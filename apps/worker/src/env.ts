// The worker's configuration: parsed once at start; a bad value exits naming the variable.
import { z } from "zod";
import { envInt, envPort, loadEnv, parseEnv } from "@repo/config";

/** Every variable the worker reads, with its default. */
export const workerEnvSchema = z.object({
  REDIS_URL: z.string().url().default("redis://127.0.0.1:6379"),
  MODEL_PATH: z.string().min(1).default("model/best_model.keras"),
  HOST: z.string().min(1).default("0.0.0.0"),
  METRICS_PORT: envPort(8000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  QUEUE_NAME: z.string().regex(/^[A-Za-z0-9_.-]+$/, "letters, digits, _ . - only").default("digits"),
  MAX_IMAGE_PIXELS: envInt(25_000_000, { min: 1 }),
  RESULT_TTL_SECONDS: envInt(3600, { min: 1 }),
  WORKER_CONCURRENCY: envInt(64, { min: 1, max: 10_000 }),
  MAX_BATCH_SIZE: envInt(32, { min: 1, max: 4096 }),
  /** How long the batcher may hold the first image for others (0 = never wait). */
  BATCH_WINDOW_MS: envInt(2, { min: 0, max: 10_000 }),
  SHARP_CONCURRENCY: envInt(1, { min: 1, max: 64 }),
  INFERENCE_BACKEND: z.enum(["auto", "tensorflow", "wasm", "cpu"]).default("auto"),
  INPUT_SCALE: z.enum(["auto", "0..1", "0..255"]).default("auto"),
  INPUT_POLARITY: z.enum(["auto", "light-on-dark", "dark-on-light"]).default("auto"),
  PREPROCESS: z.enum(["mnist", "resize"]).default("mnist"),
  /** BullMQ stalled-job check period; a killed worker's jobs are recovered within about this + LOCK_DURATION_MS. */
  STALLED_INTERVAL_MS: envInt(30_000, { min: 100 }),
  /** BullMQ job lock; renewed every half of it while a job runs. */
  LOCK_DURATION_MS: envInt(30_000, { min: 200 }),
  /** How many times a job may stall (its worker died) before it fails. */
  MAX_STALLED_COUNT: envInt(2, { min: 0 }),
  HEARTBEAT_INTERVAL_MS: envInt(5_000, { min: 50 }),
  /** On SIGTERM, active jobs get this long to finish before the process exits anyway. */
  SHUTDOWN_TIMEOUT_MS: envInt(30_000, { min: 100 }),
});

/** The parsed worker configuration. */
export type WorkerEnv = z.infer<typeof workerEnvSchema>;

/** Parse `env` (throws ConfigError). */
export function parseWorkerEnv(env: Record<string, string | undefined>): WorkerEnv {
  return parseEnv(workerEnvSchema, env);
}

/** Parse process.env once at start; exits 78 naming the bad variable. */
export function loadWorkerEnv(): WorkerEnv {
  return loadEnv(workerEnvSchema);
}
