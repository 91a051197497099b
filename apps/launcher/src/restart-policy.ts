/** Options for {@link RestartPolicy}. */
export interface RestartPolicyOptions {
  /** First restart delay; doubled per consecutive crash. @defaultValue 1000 */
  baseDelayMs?: number;
  /** @defaultValue 30000 */
  maxDelayMs?: number;
  /** A child that lived at least this long is considered healthy again. @defaultValue 10000 */
  healthyAfterMs?: number;
  /** Give up after this many consecutive crashes shortly after start. @defaultValue 3 */
  maxEarlyCrashes?: number;
}

export type RestartDecision = { action: "restart"; delayMs: number } | { action: "give-up"; reason: string };

/** Exit status of a configuration error (see @repo/config loadEnv): restarting cannot help. */
export const EX_CONFIG = 78;

/**
 * Decides what to do when a worker dies unexpectedly: restart with
 * exponential backoff (a crash loses no jobs, BullMQ's stalled-job check
 * hands them to another worker), but give up on a configuration error or a
 * worker that keeps dying right after start (a missing model, say), where
 * restarting only hides the cause.
 */
export class RestartPolicy {
  private consecutive = 0;
  private early = 0;
  private readonly o: Required<RestartPolicyOptions>;

  constructor(opts: RestartPolicyOptions = {}) {
    this.o = { baseDelayMs: 1000, maxDelayMs: 30_000, healthyAfterMs: 10_000, maxEarlyCrashes: 3, ...opts };
  }

  onCrash(exit: { code: number | null; uptimeMs: number }): RestartDecision {
    if (exit.code === EX_CONFIG) return { action: "give-up", reason: "configuration error (exit 78)" };
    if (exit.uptimeMs >= this.o.healthyAfterMs) {
      this.consecutive = 0;
      this.early = 0;
    } else if (++this.early >= this.o.maxEarlyCrashes) {
      return { action: "give-up", reason: `died ${this.early} times within ${this.o.healthyAfterMs / 1000} s of starting` };
    }
    const delayMs = Math.min(this.o.maxDelayMs, this.o.baseDelayMs * 2 ** this.consecutive);
    this.consecutive++;
    return { action: "restart", delayMs };
  }
}
