// The worker's advert for /readyz: which model, format, backend and input
// convention it serves. Only a worker whose model loaded advertises itself.
import { hostname } from "node:os";
import type { Redis } from "ioredis";
import type { Logger } from "@repo/logger";
import { newId, startHeartbeat, type QueueKeys, type WorkerAdvert } from "@repo/queue";
import type { PredictorInfo } from "./predictor.js";

/** The advert (without lastBeatAt) of this process serving `info`. */
export function advertFor(info: PredictorInfo): Omit<WorkerAdvert, "lastBeatAt"> {
  return {
    id: `${hostname()}.${process.pid}.${newId().slice(0, 6)}`,
    pid: process.pid,
    host: hostname(),
    model: {
      name: info.name,
      format: info.format,
      backend: info.backend,
      inputShape: info.inputShape,
      convention: `${info.convention.scale}/${info.convention.polarity}`,
      referenceAccuracy: info.convention.referenceAccuracy,
    },
    startedAt: Date.now(),
  };
}

/** Start beating; the key expires by itself (3 intervals) if the process dies. */
export function startWorkerHeartbeat(redis: Redis, keys: QueueKeys, info: PredictorInfo, intervalMs: number, logger: Logger) {
  const advert = advertFor(info);
  let warned = false;
  const hb = startHeartbeat(redis, keys, advert, {
    intervalMs,
    ttlMs: intervalMs * 3,
    onError: (err) => {
      if (!warned) logger.warn({ err: String(err) }, "heartbeat failed");
      warned = true;
    },
  });
  return { id: advert.id, ...hb };
}
