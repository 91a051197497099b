// Baseline (a): the in-process ceiling. The API's createApp (same middleware,
// multipart parser, image sniffing) with a service that decodes and predicts
// in this process through the worker's own model loader and micro-batcher.
// Configured by the API's and the worker's env variables.
import { serve } from "@hono/node-server";
import { createLogger } from "@repo/logger";
import { createApiMetrics, createRegistry } from "@repo/metrics";
import { sniffImage } from "@repo/model";
import { createApp, loadApiEnv, loadModelPredictor, parseWorkerEnv } from "../app-imports.js";
import { createInProcessService } from "../in-process-service.js";

const apiEnv = loadApiEnv();
const workerEnv = parseWorkerEnv(process.env);
const logger = createLogger("bench-ceiling", { level: apiEnv.LOG_LEVEL });
const predictor = await loadModelPredictor(workerEnv, logger);
const service = createInProcessService(predictor, {
  maxBatchSize: workerEnv.MAX_BATCH_SIZE,
  windowMs: workerEnv.BATCH_WINDOW_MS,
});
const metrics = createApiMetrics(createRegistry("api"));
const app = createApp({ service, sniffImage, logger, config: apiEnv, metrics });
const server = serve({ fetch: app.fetch, port: apiEnv.PORT, hostname: apiEnv.HOST }, (info) => {
  logger.warn({ port: info.port }, "listening");
});
const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
