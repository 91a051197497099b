// Starts one worker process's parts in order: metrics server (first, so a
// model that fails to load is still visible to Prometheus), model, BullMQ
// Worker with the dynamic batcher, heartbeat. Shared by main.ts and the
// test entry that swaps in a fake model.
import { Worker } from "bullmq";
import type { Logger } from "@repo/logger";
import { createRegistry, createWorkerMetrics, startMetricsServer, type WorkerMetrics } from "@repo/metrics";
import { bullmqConnectionExtras, createRedis, queueKeys } from "@repo/queue";
import { DynamicBatcher } from "./dynamic-batcher.js";
import type { WorkerEnv } from "./env.js";
import { startWorkerHeartbeat } from "./heartbeat.js";
import type { Predictor } from "./predictor.js";
import { createProcessor, recordUnreportedFailure } from "./processor.js";

/** A running worker process. */
export interface RunningWorker {
  metricsPort: number;
  metrics: WorkerMetrics;
  /** False when the model failed to load (the process stays up for Prometheus, taking no jobs). */
  serving: boolean;
  /** Stop taking jobs, finish the active ones, close everything. */
  close(): Promise<void>;
}

/** Start the worker described by `env`, with the model from `loadPredictor`. */
export async function startWorker<Img>(
  env: WorkerEnv,
  deps: { logger: Logger; loadPredictor: (env: WorkerEnv, logger: Logger) => Promise<Predictor<Img>> },
): Promise<RunningWorker> {
  const { logger } = deps;
  const registry = createRegistry("worker");
  const metrics = createWorkerMetrics(registry);
  const metricsServer = await startMetricsServer({ port: env.METRICS_PORT, host: env.HOST, registry, logger });
  logger.info({ port: metricsServer.port }, "metrics server listening");

  let predictor: Predictor<Img>;
  try {
    predictor = await deps.loadPredictor(env, logger);
  } catch (err) {
    const code = typeof (err as { code?: unknown }).code === "string" ? (err as { code: string }).code : "MODEL_LOAD_FAILED";
    logger.error({ err: err instanceof Error ? err.message : String(err), code, path: env.MODEL_PATH }, "model failed to load; taking no jobs");
    metrics.setModelLoadFailed(code);
    return { metricsPort: metricsServer.port, metrics, serving: false, close: () => metricsServer.close() };
  }
  metrics.setModelInfo(predictor.info);
  if (predictor.tensorCount) metrics.setTensorSource(predictor.tensorCount.bind(predictor));
  logger.info({ model: predictor.info }, "model loaded");

  const keys = queueKeys(env.QUEUE_NAME);
  // Image reads and result writes: the outcomes of one forward pass leave in one socket write.
  const redis = createRedis(env.REDIS_URL, "worker", { enableAutoPipelining: true });
  redis.on("error", (err: Error) => logger.warn({ err: err.message }, "redis error"));
  const batcher = new DynamicBatcher<Img, Float32Array>((images) => predictor.predict(images), {
    maxBatchSize: env.MAX_BATCH_SIZE,
    windowMs: env.BATCH_WINDOW_MS,
    onBatch: (size, seconds) => metrics.observeInference(size, seconds),
  });
  const reported = new WeakSet<object>();
  const deps2 = { redis, keys, predictor, batcher, metrics, logger, resultTtlSeconds: env.RESULT_TTL_SECONDS, reported };
  const connection = createRedis(env.REDIS_URL, "worker");
  const worker = new Worker(env.QUEUE_NAME, createProcessor(deps2), {
    connection,
    prefix: keys.prefix,
    concurrency: env.WORKER_CONCURRENCY,
    stalledInterval: env.STALLED_INTERVAL_MS,
    lockDuration: env.LOCK_DURATION_MS,
    maxStalledCount: env.MAX_STALLED_COUNT,
    ...bullmqConnectionExtras,
  });
  worker.on("error", (err) => logger.warn({ err: err.message }, "worker error"));
  worker.on("stalled", (jobId) => logger.warn({ jobId }, "job stalled (its worker died); requeued"));
  worker.on("failed", (job, err) => {
    recordUnreportedFailure(deps2, job, err).catch((e: unknown) => logger.warn({ err: String(e) }, "could not record a failure"));
  });
  await worker.waitUntilReady();
  const heartbeat = startWorkerHeartbeat(redis, keys, predictor.info, env.HEARTBEAT_INTERVAL_MS, logger);
  await heartbeat.first;
  logger.info({ queue: env.QUEUE_NAME, concurrency: env.WORKER_CONCURRENCY, workerId: heartbeat.id }, "worker ready");

  return {
    metricsPort: metricsServer.port,
    metrics,
    serving: true,
    async close() {
      // Retire first so /readyz stops counting us, then drain: worker.close() waits for active jobs.
      await heartbeat.stop();
      await worker.close();
      predictor.dispose();
      await Promise.allSettled([redis.quit(), connection.quit()]);
      await metricsServer.close();
    },
  };
}
