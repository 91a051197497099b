import { z } from "zod";
import { envBool, envInt, envPort, loadEnv } from "@repo/config";

/** What `npm start` reads. Everything else in the environment passes through to the children. */
export const launcherEnvSchema = z.object({
  /** Unset means: use 127.0.0.1:6379 if it answers, else start a private redis-server. */
  REDIS_URL: z.string().url().optional(),
  PORT: envPort(8001),
  HOST: z.string().min(1).default("0.0.0.0"),
  /** The API's metrics port; worker i (1-based) gets METRICS_PORT + 1 + i. */
  METRICS_PORT: envPort(8000),
  WORKERS: envInt(2, { min: 0, max: 64 }),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /**
   * How long children get after SIGTERM before SIGKILL. Not SHUTDOWN_GRACE_MS: that one
   * passes through to the API (and SHUTDOWN_TIMEOUT_MS to workers), and this must outlast both.
   */
  STOP_TIMEOUT_MS: envInt(40_000, { min: 0 }),
  /** How long to wait for /readyz before printing URLs anyway. */
  READY_TIMEOUT_MS: envInt(120_000, { min: 1000 }),
  /** The worker's model; checked here so a missing file is one clear line, not a crash loop. */
  MODEL_PATH: z.string().min(1).default("model/best_model.keras"),
  /** Run the children from TypeScript sources through tsx (development and tests; no build needed). */
  LAUNCH_FROM_SOURCE: envBool(false),
});

export type LauncherEnv = z.infer<typeof launcherEnvSchema>;

/** Parse process.env once; exits naming the bad variable. */
export function loadLauncherEnv(env: Record<string, string | undefined> = process.env): LauncherEnv {
  return loadEnv(launcherEnvSchema, env);
}
