import type { PredictionService, ReadinessReport } from "@repo/queue";
import { ApiError } from "./errors/api-error.js";

/** Options for {@link createAdmission}. */
export interface AdmissionOptions {
  service: Pick<PredictionService, "waitingCount" | "readiness">;
  /** Waiting jobs above this → 429 QUEUE_FULL. */
  maxQueueDepth: number;
  /** How long a "ready" readiness report is reused. @defaultValue 1000 */
  readyTtlMs?: number;
  /** How long a "not ready" report is reused (short, so recovery is seen quickly). @defaultValue 250 */
  notReadyTtlMs?: number;
  /** How long a waiting count is reused. @defaultValue 100 */
  depthTtlMs?: number;
  /** Seconds sent in Retry-After with 429. @defaultValue 1 */
  retryAfterSeconds?: number;
  now?: () => number;
}

/** Decides, before a body is parsed, whether new work may be enqueued. */
export interface Admission {
  /** Throws 503 SERVICE_UNAVAILABLE (Redis down / no worker) or 429 QUEUE_FULL. */
  check(): Promise<void>;
}

/**
 * Readiness and queue depth are cached for a fraction of a second: under load
 * every request would otherwise add two Redis round trips, and the answers
 * change slowly. Concurrent callers share one in-flight probe.
 */
export function createAdmission(opts: AdmissionOptions): Admission {
  const now = opts.now ?? Date.now;
  const readyTtl = opts.readyTtlMs ?? 1000;
  const notReadyTtl = opts.notReadyTtlMs ?? 250;
  const depthTtl = opts.depthTtlMs ?? 100;
  const retryAfter = String(opts.retryAfterSeconds ?? 1);

  let ready: { at: number; report: ReadinessReport } | null = null;
  let readyProbe: Promise<ReadinessReport> | null = null;
  let depth: { at: number; value: number } | null = null;
  let depthProbe: Promise<number> | null = null;

  async function readiness(): Promise<ReadinessReport> {
    const t = now();
    if (ready && t - ready.at < (ready.report.ready ? readyTtl : notReadyTtl)) return ready.report;
    readyProbe ??= opts.service
      .readiness()
      .then((report) => {
        ready = { at: now(), report };
        return report;
      })
      .finally(() => (readyProbe = null));
    return readyProbe;
  }

  async function waiting(): Promise<number> {
    const t = now();
    if (depth && t - depth.at < depthTtl) return depth.value;
    depthProbe ??= opts.service
      .waitingCount()
      .then((value) => {
        depth = { at: now(), value };
        return value;
      })
      .finally(() => (depthProbe = null));
    return depthProbe;
  }

  return {
    async check() {
      let report: ReadinessReport;
      let count: number;
      try {
        [report, count] = await Promise.all([readiness(), waiting()]);
      } catch (err) {
        throw new ApiError("SERVICE_UNAVAILABLE", `queue unreachable: ${(err as Error).message}`);
      }
      if (!report.ready) {
        throw new ApiError("SERVICE_UNAVAILABLE", `not ready: ${report.reasons.join("; ") || "unknown reason"}`);
      }
      if (count > opts.maxQueueDepth) {
        throw new ApiError("QUEUE_FULL", `${count} jobs waiting, over the limit of ${opts.maxQueueDepth}; retry later`, {
          headers: { "Retry-After": retryAfter },
        });
      }
    },
  };
}
