import { existsSync } from "node:fs";
import { join } from "node:path";
import type { LauncherEnv } from "./env.js";
import { freePort } from "./free-port.js";

/** Where things are and which ports each process gets. */
export interface LaunchPlan {
  node: { command: string; args: string[] };
  apiEntry: string;
  workerEntry: string;
  port: number;
  apiMetricsPort: number;
  workerMetricsPorts: number[];
  targetsPath: string;
  redisDataDir: string;
}

/**
 * Ports follow the shared convention: API on PORT, its metrics on
 * METRICS_PORT, worker i (1-based) metrics on METRICS_PORT + 1 + i. A port of
 * 0 means "any free port" (tests), chosen here so the URLs can be printed.
 */
export async function makePlan(env: LauncherEnv, root: string): Promise<LaunchPlan> {
  const fromSource = env.LAUNCH_FROM_SOURCE;
  const entry = (app: string) => join(root, "apps", app, fromSource ? "src/main.ts" : "dist/main.js");
  const port = env.PORT || (await freePort());
  const apiMetricsPort = env.METRICS_PORT || (await freePort());
  const workerMetricsPorts: number[] = [];
  for (let i = 1; i <= env.WORKERS; i++) {
    workerMetricsPorts.push(env.METRICS_PORT ? env.METRICS_PORT + 1 + i : await freePort());
  }
  return {
    node: { command: process.execPath, args: fromSource ? ["--conditions=development", "--import", "tsx"] : [] },
    apiEntry: entry("api"),
    workerEntry: entry("worker"),
    port,
    apiMetricsPort,
    workerMetricsPorts,
    targetsPath: join(root, ".data", "prometheus", "targets.json"),
    redisDataDir: join(root, ".data", "redis"),
  };
}

/** Problems that make starting pointless, each as one line saying what to do. */
export function checkPlan(plan: LaunchPlan, env: LauncherEnv, root: string): string[] {
  const problems: string[] = [];
  for (const entry of [plan.apiEntry, plan.workerEntry]) {
    if (!existsSync(entry)) problems.push(`${entry} is missing: run \`npm run build\` (npm start builds first)`);
  }
  const model = join(root, env.MODEL_PATH);
  if (env.WORKERS > 0 && !existsSync(env.MODEL_PATH) && !existsSync(model)) {
    problems.push(`model ${env.MODEL_PATH} not found: run \`npm run train\`, or set MODEL_PATH to a Keras model`);
  }
  return problems;
}
