// The API process: wiring only. Parse env, build the queue client, metrics and
// app, listen, and on SIGTERM/SIGINT stop accepting, drain, close.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createLogger } from "@repo/logger";
import { createApiMetrics, createRegistry, startMetricsServer, startProcessSampler } from "@repo/metrics";
// The sniff-only entry point: the package root would load tfjs (+170 MB RSS) into the API.
import { sniffImage } from "@repo/model/sniff";
import { createPredictionService } from "@repo/queue";
import { createApp } from "./create-app.js";
import { loadApiEnv } from "./env.js";
import { createShutdown } from "./shutdown.js";

const env = loadApiEnv();
const logger = createLogger("api", { level: env.LOG_LEVEL });

process.on("unhandledRejection", (err) => logger.error({ err }, "unhandled rejection"));
process.on("uncaughtException", (err) => {
  logger.fatal({ err }, "uncaught exception; exiting");
  process.exit(1);
});

const registry = createRegistry("api");
const metrics = createApiMetrics(registry);
const service = createPredictionService({
  connection: env.REDIS_URL,
  queueName: env.QUEUE_NAME,
  resultTtlSeconds: env.RESULT_TTL_SECONDS,
  attempts: env.JOB_ATTEMPTS,
  batchChunkSize: env.BATCH_CHUNK_SIZE,
  coalesceMaxItems: env.COALESCE_MAX_ITEMS,
  logger,
});
metrics.setQueueDepthSource(() => service.jobCounts());
metrics.setWorkersSource(async () => ({ alive: (await service.readiness()).workers.length }));
const sampler = startProcessSampler({ registry, intervalMs: 5000 });

let shuttingDown = false;
const app = createApp({ service, sniffImage, logger, config: env, metrics, isShuttingDown: () => shuttingDown });

const metricsServer = await startMetricsServer({ port: env.METRICS_PORT, host: env.HOST, registry, logger });
// serve() returns an http.Server here (no `createServer` option for http2).
const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info: AddressInfo) => {
  // Tests and the launcher read the bound ports from this line (PORT=0 picks one).
  logger.info({ port: info.port, metricsPort: metricsServer.port, queue: env.QUEUE_NAME }, "listening");
});
server.on("error", (err) => {
  logger.fatal({ err }, `cannot listen on ${env.HOST}:${env.PORT}`);
  process.exit(1);
});

createShutdown({
  server: server as Server,
  graceMs: env.SHUTDOWN_GRACE_MS,
  logger,
  onBegin: () => (shuttingDown = true),
  closers: [() => service.close(), async () => sampler.stop(), () => metricsServer.close()],
});
