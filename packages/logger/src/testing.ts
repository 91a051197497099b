// Test-only helpers (exported as @repo/logger/testing, never imported by
// production code): spawn one of our processes and read its JSON log lines,
// so tests can wait for "worker ready" and the like instead of sleeping.
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

/** A JSON log line as parsed from stdout (`{ raw }` for a line that is not JSON). */
export type LogLine = Record<string, unknown>;

/** A spawned process whose stdout is read as pino JSON lines. */
export interface LoggedProcess {
  name: string;
  child: ChildProcess;
  /** Parsed log lines so far. */
  logs: LogLine[];
  /** Resolves with the first log line matching `pred`; rejects on timeout or exit, with the process's last output. */
  waitForLog(pred: (l: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  alive(): boolean;
  /** Send `signal` if the process still runs. @defaultValue "SIGKILL" */
  kill(signal?: NodeJS.Signals): void;
  /** Everything written to stderr so far. */
  stderr(): string;
}

/** Spawn `node <args>` in `cwd` with exactly `env`, reading its stdout as JSON log lines. */
export function spawnLogged(
  name: string,
  args: string[],
  opts: { cwd: string; env: Record<string, string>; defaultTimeoutMs?: number },
): LoggedProcess {
  const child = spawn(process.execPath, args, { cwd: opts.cwd, env: opts.env, stdio: ["ignore", "pipe", "pipe"] });
  const logs: LogLine[] = [];
  const stderr: string[] = [];
  const waiters: { pred: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];
  child.stderr!.on("data", (d: Buffer) => stderr.push(d.toString()));
  createInterface({ input: child.stdout! }).on("line", (line) => {
    let parsed: LogLine;
    try {
      parsed = JSON.parse(line) as LogLine;
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
  const alive = () => child.exitCode === null && child.signalCode === null;
  const tail = () => `stderr: ${stderr.join("").slice(-1500)}; last logs: ${JSON.stringify(logs.slice(-5)).slice(0, 1500)}`;
  return {
    name,
    child,
    logs,
    exited,
    alive,
    stderr: () => stderr.join(""),
    kill: (signal = "SIGKILL") => {
      if (alive()) child.kill(signal);
    },
    waitForLog(pred, timeoutMs = opts.defaultTimeoutMs ?? 60_000) {
      const found = logs.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`${name}: no matching log line in ${timeoutMs} ms; ${tail()}`)), timeoutMs);
        waiters.push({ pred, resolve: (l) => (clearTimeout(t), resolve(l)) });
        void exited.then(() => {
          clearTimeout(t);
          reject(new Error(`${name} exited before the log line; ${tail()}`));
        });
      });
    },
  };
}
