// Starts, for the live tests, what a user starts: `npm start` (API + workers,
// through the launcher) and Debian's Prometheus on the local config. Every
// port is free and random (never 8000/8001), the queue name is unique, and
// everything started is stopped by process id (group) at the end.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { repoPath, repoRoot, run } from "./test-tools.js";

/** Whether `port` can be bound on 127.0.0.1 and 0.0.0.0 right now. */
async function portFree(port: number): Promise<boolean> {
  for (const host of ["127.0.0.1", "0.0.0.0"]) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = createServer();
      s.once("error", () => resolve(false));
      s.listen(port, host, () => s.close(() => resolve(true)));
    });
    if (!ok) return false;
  }
  return true;
}

/** A random base port p with every p + offset free. */
export async function freePorts(offsets: number[]): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const base = 20000 + Math.floor(Math.random() * 30000);
    let all = true;
    for (const o of offsets) if (!(await portFree(base + o))) { all = false; break; }
    if (all) return base;
  }
  throw new Error("no free ports found");
}

/** Thrown by a `waitFor` check when waiting longer cannot help (a process died). */
export class StopWaiting extends Error {}

/** Poll `check` until it returns a value (not undefined) or `timeoutMs` passes. */
export async function waitFor<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>, intervalMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      if (err instanceof StopWaiting) throw err;
      last = err;
    }
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ""}`);
}

/** A child process with its recent output kept for failure messages. */
export class Spawned {
  readonly child: ChildProcess;
  private tail: string[] = [];
  exited: number | string | null = null;

  constructor(cmd: string, args: string[], env: NodeJS.ProcessEnv, readonly group: boolean) {
    this.child = spawn(cmd, args, { cwd: repoRoot, env, detached: group, stdio: ["ignore", "pipe", "pipe"] });
    const keep = (c: Buffer): void => {
      this.tail.push(...c.toString().split("\n"));
      if (this.tail.length > 80) this.tail.splice(0, this.tail.length - 80);
    };
    this.child.stdout?.on("data", keep);
    this.child.stderr?.on("data", keep);
    this.child.on("exit", (code, signal) => (this.exited = code ?? signal));
  }

  output(): string {
    return this.tail.join("\n");
  }

  private alive(): boolean {
    const pid = this.child.pid;
    if (pid === undefined) return false;
    try {
      process.kill(this.group ? -pid : pid, 0);
      return true;
    } catch {
      return false;
    }
  }

  /** SIGKILL at once, synchronously (for process exit, when no await is possible). */
  killNow(): void {
    const pid = this.child.pid;
    if (pid === undefined || !this.alive()) return;
    try {
      process.kill(this.group ? -pid : pid, "SIGKILL");
    } catch {
      // already gone
    }
  }

  /** SIGTERM (the whole group when started as one), then SIGKILL after `graceMs`. */
  async stop(graceMs = 20_000): Promise<void> {
    const pid = this.child.pid;
    if (pid === undefined) return;
    const target = this.group ? -pid : pid;
    try {
      process.kill(target, "SIGTERM");
    } catch {
      return;
    }
    const deadline = Date.now() + graceMs;
    while (this.alive() && Date.now() < deadline) await sleep(200);
    if (this.alive()) {
      try {
        process.kill(target, "SIGKILL");
      } catch {
        // gone meanwhile
      }
    }
  }
}

/** The running local system and its Prometheus. */
export interface LiveStack {
  apiUrl: string;
  promUrl: string;
  /** host:port of every /metrics target, from the launcher's targets file. */
  targets: { target: string; kind: string; instanceName: string }[];
  stop(): Promise<void>;
}

/** The launcher's Prometheus file_sd file (see the team brief). */
export const TARGETS_FILE = repoPath(".data/prometheus/targets.json");

interface TargetGroup {
  targets: string[];
  labels?: Record<string, string>;
}

/** Start `npm start` with 2 workers and a Prometheus on prometheus.local.yml. */
export async function startLiveStack(opts: { modelPath: string; queueName: string; log: (s: string) => void }): Promise<LiveStack> {
  const base = await freePorts([0, 1, 2, 3, 4]);
  const apiPort = base + 1;
  const metricsPort = base; // API metrics; workers on base + 2 and base + 3
  const promPort = base + 4;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(apiPort),
    METRICS_PORT: String(metricsPort),
    WORKERS: "2",
    QUEUE_NAME: opts.queueName,
    MODEL_PATH: opts.modelPath,
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
    BATCH_WINDOW_MS: "0",
  };
  delete env.NODE_OPTIONS; // run-tests.mjs's tsx loader is not for the system under test
  const started: Spawned[] = [];
  const tsdb = mkdtempSync(join(tmpdir(), "prom-live-"));
  // The launcher rewrites the repo's targets file; put back what a developer had.
  const previousTargets = existsSync(TARGETS_FILE) ? readFileSync(TARGETS_FILE) : null;
  // If the test process ends without running its after() hook (timeout, crash), kill what we started.
  const onExit = (): void => started.forEach((s) => s.killNow());
  process.once("exit", onExit);
  const stopAll = async (): Promise<void> => {
    process.off("exit", onExit);
    for (const s of [...started].reverse()) await s.stop();
    rmSync(tsdb, { recursive: true, force: true });
    if (previousTargets) writeFileSync(TARGETS_FILE, previousTargets);
    else rmSync(TARGETS_FILE, { force: true });
  };
  try {
    const app = new Spawned("npm", ["start"], env, true);
    started.push(app);
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    opts.log(`npm start: api ${apiUrl}, metrics ${metricsPort}, ${metricsPort + 2}, ${metricsPort + 3}`);
    const t0 = Date.now();
    await waitFor("the API to be ready (GET /readyz = 200)", 360_000, async () => {
      if (app.exited !== null) throw new StopWaiting(`npm start exited (${app.exited}):\n${app.output()}`);
      const res = await fetch(`${apiUrl}/readyz`);
      return res.status === 200 ? true : undefined;
    }, 1000);
    opts.log(`API ready after ${((Date.now() - t0) / 1000).toFixed(1)} s (npm start: build, spawn, model load)`);
    const wanted = [metricsPort, metricsPort + 2, metricsPort + 3].map(String);
    const groups = await waitFor("the launcher's targets file to list this run's 3 processes", 20_000, async () => {
      if (!existsSync(TARGETS_FILE)) return undefined;
      const parsed = JSON.parse(readFileSync(TARGETS_FILE, "utf8")) as TargetGroup[];
      const ports = parsed.flatMap((g) => g.targets.map((t) => t.split(":").pop()));
      return wanted.every((p) => ports.includes(p)) && ports.length === 3 ? parsed : undefined;
    });
    const prom = new Spawned("prometheus", [
      "--config.file=deploy/prometheus/prometheus.local.yml",
      `--storage.tsdb.path=${tsdb}`,
      `--web.listen-address=127.0.0.1:${promPort}`,
      "--log.level=warn",
    ], env, false);
    started.push(prom);
    const promUrl = `http://127.0.0.1:${promPort}`;
    await waitFor("Prometheus to be ready", 30_000, async () => {
      if (prom.exited !== null) throw new StopWaiting(`prometheus exited (${prom.exited}):\n${prom.output()}`);
      return (await fetch(`${promUrl}/-/ready`)).ok ? true : undefined;
    });
    return {
      apiUrl,
      promUrl,
      targets: groups.flatMap((g) => g.targets.map((target) => ({ target, kind: g.labels?.kind ?? "", instanceName: g.labels?.instance_name ?? "" }))),
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** One instant query against Prometheus's HTTP API. */
export async function promQuery(promUrl: string, query: string): Promise<{ metric: Record<string, string>; value: number }[]> {
  const res = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(query)}`);
  const body = (await res.json()) as { status: string; error?: string; data?: { result: { metric: Record<string, string>; value: [number, string] }[] } };
  if (body.status !== "success") throw new Error(`query ${query}: ${body.error ?? res.status}`);
  return body.data!.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
}

/** Delete every Redis key of `queueName` (BullMQ's and ours share the "bull:<queue>:" prefix). */
export async function deleteQueueKeys(queueName: string): Promise<void> {
  const pattern = `bull:${queueName}:*`;
  const scan = await run("redis-cli", ["--scan", "--pattern", pattern]);
  const keys = scan.stdout.split("\n").filter(Boolean);
  for (let i = 0; i < keys.length; i += 500) await run("redis-cli", ["del", ...keys.slice(i, i + 500)]);
}
