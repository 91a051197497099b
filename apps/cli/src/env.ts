// The CLI's configuration: parsed once at start; a bad value exits naming the variable.
import { z } from "zod";
import { envInt, loadEnv, parseEnv } from "@repo/config";

/** Every variable the CLI commands read, with its default. */
export const cliEnvSchema = z.object({
  MODEL_PATH: z.string().min(1).default("model/best_model.keras"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  INFERENCE_BACKEND: z.enum(["auto", "tensorflow", "wasm", "cpu"]).default("auto"),
  INPUT_SCALE: z.enum(["auto", "0..1", "0..255"]).default("auto"),
  INPUT_POLARITY: z.enum(["auto", "light-on-dark", "dark-on-light"]).default("auto"),
  PREPROCESS: z.enum(["mnist", "resize"]).default("mnist"),
  MAX_IMAGE_PIXELS: envInt(25_000_000, { min: 1 }),
});

/** The parsed CLI configuration. */
export type CliEnv = z.infer<typeof cliEnvSchema>;

/** Parse `env` (throws ConfigError). */
export function parseCliEnv(env: Record<string, string | undefined>): CliEnv {
  return parseEnv(cliEnvSchema, env);
}

/** Parse process.env once at start; exits 78 naming the bad variable. */
export function loadCliEnv(): CliEnv {
  return loadEnv(cliEnvSchema);
}
