// Test-only (excluded from the build): spawn a worker process the way
// production does (node + tsx with the development condition) and read its
// JSON log lines.
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";

const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));

/** A spawned worker process. */
export interface SpawnedWorker {
  child: ChildProcess;
  /** Parsed JSON log lines so far. */
  logs: Record<string, unknown>[];
  /** Resolves with the first log line matching `pred`. */
  waitForLog(pred: (l: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): void;
  /** Everything written to stderr so far. */
  stderr(): string;
}

/** Spawn `entry` (relative to apps/worker/src) with `env` on top of a clean environment. */
export function spawnWorker(entry: "main.ts" | "test-fake-worker.ts", env: Record<string, string>): SpawnedWorker {
  const child = spawn(process.execPath, ["--conditions=development", "--import", "tsx", `apps/worker/src/${entry}`], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "test", LOG_LEVEL: "info", HOST: "127.0.0.1", METRICS_PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: Record<string, unknown>[] = [];
  const waiters: { pred: (l: Record<string, unknown>) => boolean; resolve: (l: Record<string, unknown>) => void }[] = [];
  const stderr: string[] = [];
  child.stderr!.on("data", (d: Buffer) => stderr.push(d.toString()));
  createInterface({ input: child.stdout! }).on("line", (line) => {
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(line) as Record<string, unknown>;
    } catch {
      parsed = { raw: line };
    }
    logs.push(parsed);
    for (const w of [...waiters]) {
      if (w.pred(parsed)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(parsed);
      }
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    logs,
    exited,
    stderr: () => stderr.join(""),
    kill: (signal = "SIGKILL") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
    waitForLog(pred, timeoutMs = 20_000) {
      const found = logs.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no matching log line in ${timeoutMs} ms; stderr: ${stderr.join("").slice(-2000)}; last logs: ${JSON.stringify(logs.slice(-5))}`)), timeoutMs);
        waiters.push({ pred, resolve: (l) => (clearTimeout(t), resolve(l)) });
        exited.then(() => {
          clearTimeout(t);
          reject(new Error(`worker exited before the log line; stderr: ${stderr.join("").slice(-2000)}; last logs: ${JSON.stringify(logs.slice(-5))}`));
        });
      });
    },
  };
}
