// Test-only (excluded from the build): spawn a worker process the way
// production does (node + tsx with the development condition) and read its
// JSON log lines.
import { fileURLToPath } from "node:url";
import { spawnLogged, type LoggedProcess } from "@repo/logger/testing";

const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));

/** A spawned worker process. */
export type SpawnedWorker = LoggedProcess;

/** Spawn `entry` (relative to apps/worker/src) with `env` on top of a clean environment. */
export function spawnWorker(entry: "main.ts" | "test-fake-worker.ts", env: Record<string, string>): SpawnedWorker {
  return spawnLogged("worker", ["--conditions=development", "--import", "tsx", `apps/worker/src/${entry}`], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "test", LOG_LEVEL: "info", HOST: "127.0.0.1", METRICS_PORT: "0", ...env },
    defaultTimeoutMs: 20_000,
  });
}
