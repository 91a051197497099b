// Starting what a scenario measures: the service (API + N workers on a unique
// queue), the no-op floor (API + no-op workers), or a one-process baseline.
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { freePort, startNode, waitForHttp, type Child } from "./processes.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const apiMain = `${repo}apps/api/dist/main.js`;
const workerMain = `${repo}apps/worker/dist/main.js`;
const serverDir = fileURLToPath(new URL("./servers/", import.meta.url));

/** Settings common to every process of a run. */
export interface StackSettings {
  redisUrl: string;
  modelPath: string;
  logLevel: string;
  /** Extra variables for every child (knobs under test). */
  env?: Record<string, string>;
  /** Node flags for every child, e.g. `--cpu-prof` for profiling. */
  nodeArgs?: string[];
}

/** A running system under test. */
export interface Stack {
  kind: "service" | "noop" | "ceiling" | "naive" | "api";
  url: string;
  /** pids by role, for CPU accounting. */
  pids: { api: number[]; workers: number[] };
  /** Prometheus /metrics ports by role (the baselines have none). */
  metricsPorts: { api: number[]; workers: number[] };
  queueName: string | null;
  stop(): Promise<void>;
}

/** A queue name no one else uses. */
export function uniqueQueueName(tag: string): string {
  return `bench-${tag}-${process.pid}-${randomBytes(4).toString("hex")}`;
}

function baseEnv(s: StackSettings): Record<string, string> {
  return {
    REDIS_URL: s.redisUrl,
    MODEL_PATH: s.modelPath,
    HOST: "127.0.0.1",
    LOG_LEVEL: s.logLevel,
    NODE_ENV: "production",
    SHUTDOWN_GRACE_MS: "2000",
    SHUTDOWN_TIMEOUT_MS: "8000",
    ...s.env,
  };
}

async function stopAll(children: Child[]): Promise<void> {
  await Promise.all(children.map((c) => c.stop()));
}

/** API + `workers` worker processes (real ones, or no-op ones for the floor) on a fresh queue. */
export async function startQueueStack(
  kind: "service" | "noop",
  workers: number,
  s: StackSettings,
  extraEnv: Record<string, string> = {},
): Promise<Stack> {
  const nodeArgs = s.nodeArgs ?? [];
  const queueName = uniqueQueueName(kind);
  const env = { ...baseEnv(s), QUEUE_NAME: queueName, ...extraEnv };
  const children: Child[] = [];
  const workerMetrics: number[] = [];
  try {
    for (let i = 1; i <= workers; i++) {
      const script = kind === "noop" ? `${serverDir}noop-worker.js` : workerMain;
      const metricsPort = await freePort();
      workerMetrics.push(metricsPort);
      children.push(startNode(`${kind}-worker-${i}`, script, { ...env, METRICS_PORT: String(metricsPort) }, nodeArgs));
    }
    const port = await freePort();
    const apiMetrics = await freePort();
    const api = startNode("api", apiMain, { ...env, PORT: String(port), METRICS_PORT: String(apiMetrics) }, nodeArgs);
    children.push(api);
    const url = `http://127.0.0.1:${port}`;
    // /readyz is 200 once Redis answers and a worker with a loaded model beats.
    await waitForHttp(`${url}/readyz`, api);
    // ... and every worker, not just the first, must be serving before load starts.
    await waitForWorkers(url, workers, api);
    return {
      kind,
      url,
      pids: { api: [api.pid], workers: children.filter((c) => c !== api).map((c) => c.pid) },
      metricsPorts: { api: [apiMetrics], workers: workerMetrics },
      queueName,
      stop: () => stopAll(children),
    };
  } catch (err) {
    await stopAll(children);
    throw err;
  }
}

async function waitForWorkers(url: string, n: number, api: Child): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const body = (await (await fetch(`${url}/readyz`)).json().catch(() => ({}))) as { workers?: unknown };
    const seen = Array.isArray(body.workers) ? body.workers.length : typeof body.workers === "number" ? body.workers : -1;
    if (seen >= n || seen === -1) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`only some of ${n} workers became ready:\n${api.tail()}`);
}

/** One of the one-process baselines. */
export async function startBaseline(kind: "ceiling" | "naive" | "api", s: StackSettings): Promise<Stack> {
  const port = await freePort();
  const child = startNode(kind, `${serverDir}${kind === "api" ? "api-only" : kind}-server.js`, { ...baseEnv(s), PORT: String(port) }, s.nodeArgs);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/healthz`, child);
  } catch (err) {
    await child.stop();
    throw err;
  }
  return { kind, url, pids: { api: [child.pid], workers: [] }, metricsPorts: { api: [], workers: [] }, queueName: null, stop: () => child.stop() };
}
