// Preconditions shared by `npm run bench` and `npm run soak`: wrk on PATH,
// Redis answering, a model file.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Redis } from "ioredis";
import { UsageError } from "./cli-args.js";
import { adminRedis } from "./redis-probe.js";
import { findWrk, WRK_MISSING } from "./wrk.js";

/** The repository root (bench/dist/.. /..). */
export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

/** MODEL_PATH, else the default model, else the original service's model from the shared fixtures. */
export function pickModel(explicit: string | null): string {
  const candidates = [explicit, process.env.MODEL_PATH, "model/best_model.keras", "../shared/fixtures/keras/seed-mlp-legacy-h5.keras"];
  for (const c of candidates) {
    if (!c) continue;
    const p = resolve(repoRoot, c);
    if (existsSync(p)) return p;
    if (c === explicit) throw new UsageError(`--model ${c}: no such file`);
  }
  throw new UsageError("no model: set MODEL_PATH or run `npm run train` to write model/best_model.keras");
}

/** wrk's path, or exit 1 with one line saying how to install it. */
export function requireWrk(): string {
  const wrk = findWrk();
  if (!wrk) {
    process.stderr.write(`${WRK_MISSING}\n`);
    process.exit(1);
  }
  return wrk;
}

/** An admin connection to REDIS_URL, or exit 1 with one line saying what to do. */
export async function requireRedis(): Promise<{ url: string; redis: Redis }> {
  const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  const redis = adminRedis(url);
  redis.on("error", () => undefined);
  try {
    await redis.ping();
  } catch (err) {
    process.stderr.write(`Redis not reachable at ${url} (${(err as Error).message}): start redis-server or set REDIS_URL\n`);
    process.exit(1);
  }
  return { url, redis };
}
