import type { Writable } from "node:stream";
import { ManagedChild, type ChildExit } from "./managed-child.js";
import { RestartPolicy } from "./restart-policy.js";

/** What {@link System} runs. */
export interface SystemSpec {
  cwd: string;
  /** `node` plus the flags to run an entry (e.g. [] for dist, or tsx flags in tests). */
  node: { command: string; args: string[] };
  apiEntry: string;
  workerEntry: string;
  /** Environment shared by all children (REDIS_URL, LOG_LEVEL…). */
  env: NodeJS.ProcessEnv;
  port: number;
  apiMetricsPort: number;
  /** One per worker, in order: worker-1, worker-2… */
  workerMetricsPorts: number[];
  graceMs: number;
  out: { stdout: Writable; stderr: Writable };
  /** Called once when the system must stop on its own (API died, a worker gave up). */
  onFatal: (reason: string) => void;
}

/**
 * The API and the workers: starts them, restarts a worker that dies
 * unexpectedly (with backoff, see RestartPolicy), and stops everything in
 * order: the API first (no new work), then the workers (they finish active
 * jobs), so no accepted request is left without a worker.
 */
export class System {
  readonly api: ManagedChild;
  readonly workers: ManagedChild[];
  private stopping = false;
  private readonly restartTimers = new Set<NodeJS.Timeout>();

  constructor(private readonly spec: SystemSpec) {
    const { node, cwd, env } = spec;
    this.api = new ManagedChild(
      {
        name: "api",
        command: node.command,
        args: [...node.args, spec.apiEntry],
        cwd,
        env: { ...env, PORT: String(spec.port), METRICS_PORT: String(spec.apiMetricsPort) },
      },
      spec.out,
    );
    this.workers = spec.workerMetricsPorts.map(
      (metricsPort, i) =>
        new ManagedChild(
          {
            name: `worker-${i + 1}`,
            command: node.command,
            args: [...node.args, spec.workerEntry],
            cwd,
            env: { ...env, METRICS_PORT: String(metricsPort) },
          },
          spec.out,
        ),
    );
  }

  /** Start the API and every worker. */
  start(): void {
    this.watchApi(this.api.start());
    this.workers.forEach((w) => this.watchWorker(w, w.start(), new RestartPolicy()));
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  /** Stop the API, then the workers; resolves when all have exited. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const t of this.restartTimers) clearTimeout(t);
    this.restartTimers.clear();
    await this.api.stop(this.spec.graceMs);
    await Promise.all(this.workers.map((w) => w.stop(this.spec.graceMs)));
  }

  /** SIGKILL whatever still runs (synchronous; for process 'exit'). */
  killNow(): void {
    this.api.killNow();
    this.workers.forEach((w) => w.killNow());
  }

  private say(line: string): void {
    this.spec.out.stderr.write(`[launcher] ${line}\n`);
  }

  private watchApi(exited: Promise<ChildExit>): void {
    void exited.then((e) => {
      if (this.stopping || e.requested) return;
      // The API is the only front door: restarting it silently would hide a bug; stop and say so.
      this.spec.onFatal(`the API exited unexpectedly (${describe(e)})`);
    });
  }

  private watchWorker(w: ManagedChild, exited: Promise<ChildExit>, policy: RestartPolicy): void {
    void exited.then((e) => {
      if (this.stopping || e.requested) return;
      const decision = policy.onCrash(e);
      if (decision.action === "give-up") {
        this.spec.onFatal(`${w.spec.name} exited (${describe(e)}) and ${decision.reason}; not restarting`);
        return;
      }
      this.say(`${w.spec.name} exited unexpectedly (${describe(e)}); its jobs go back to the queue; restarting in ${decision.delayMs} ms`);
      const t = setTimeout(() => {
        this.restartTimers.delete(t);
        if (!this.stopping) this.watchWorker(w, w.start(), policy);
      }, decision.delayMs);
      this.restartTimers.add(t);
    });
  }
}

function describe(e: ChildExit): string {
  return e.signal ? `signal ${e.signal}` : `exit code ${e.code}`;
}
