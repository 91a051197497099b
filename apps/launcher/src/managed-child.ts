import { spawn, type ChildProcess } from "node:child_process";
import type { Writable } from "node:stream";
import { prefixLines } from "./prefix-lines.js";

/** How to start one child process. */
export interface ChildSpec {
  /** Shown as the `[name] ` prefix of each of its output lines. */
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** How a child ended. */
export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when we asked it to stop. */
  requested: boolean;
  uptimeMs: number;
}

/**
 * One child process with prefixed output. It runs in its own process group,
 * so a terminal's Ctrl-C reaches only the launcher, which then stops the
 * children in order (API first, then workers, then Redis).
 */
export class ManagedChild {
  private child: ChildProcess | null = null;
  private startedAt = 0;
  private stopRequested = false;
  private exitPromise: Promise<ChildExit> | null = null;

  constructor(
    readonly spec: ChildSpec,
    private readonly out: { stdout: Writable; stderr: Writable },
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Start the process; resolves `exited` when it ends, for whatever reason. */
  start(): Promise<ChildExit> {
    this.stopRequested = false;
    this.startedAt = Date.now();
    const child = spawn(this.spec.command, this.spec.args, {
      cwd: this.spec.cwd,
      env: this.spec.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    this.child = child;
    const prefix = `[${this.spec.name}] `;
    prefixLines(child.stdout!, this.out.stdout, prefix);
    prefixLines(child.stderr!, this.out.stderr, prefix);
    this.exitPromise = new Promise<ChildExit>((resolve) => {
      let done = false;
      const finish = (code: number | null, signal: NodeJS.Signals | null) => {
        if (done) return;
        done = true;
        resolve({ code, signal, requested: this.stopRequested, uptimeMs: Date.now() - this.startedAt });
      };
      child.on("exit", finish);
      // spawn failures (ENOENT…) emit 'error' and may never emit 'exit'.
      child.on("error", (err) => {
        this.out.stderr.write(`${prefix}could not start: ${err.message}\n`);
        finish(127, null);
      });
    });
    return this.exitPromise;
  }

  /** SIGTERM, wait up to `graceMs`, then SIGKILL; resolves once the process is gone. */
  async stop(graceMs: number): Promise<ChildExit | null> {
    if (!this.child || !this.exitPromise) return null;
    this.stopRequested = true;
    if (!this.running) return this.exitPromise;
    this.signal("SIGTERM");
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      this.exitPromise.then(() => false),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(true), graceMs))),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      this.out.stderr.write(`[${this.spec.name}] did not stop within ${graceMs} ms; sending SIGKILL\n`);
      this.signal("SIGKILL");
    }
    return this.exitPromise;
  }

  /** Synchronous last resort (process 'exit' handler): SIGKILL the group if still running. */
  killNow(): void {
    if (this.running) this.signal("SIGKILL");
  }

  private signal(sig: NodeJS.Signals): void {
    const pid = this.child?.pid;
    if (!pid) return;
    try {
      // The negative pid addresses the child's own process group (see `detached`).
      process.kill(-pid, sig);
    } catch {
      try {
        process.kill(pid, sig);
      } catch {
        // already gone
      }
    }
  }
}
