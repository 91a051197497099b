// Diagnostic: the API's HTTP stack alone. createApp (middleware, multipart
// parser, sniffing, JSON answer) with a service that answers at once, so the
// API's own fixed cost per request is measured apart from the queue and model.
import { randomUUID } from "node:crypto";
import { serve } from "@hono/node-server";
import { createLogger } from "@repo/logger";
import { createApiMetrics, createRegistry } from "@repo/metrics";
import { sniffImage } from "@repo/model/sniff";
import type { PredictionService } from "@repo/queue";
import { createApp, loadApiEnv } from "../app-imports.js";

const env = loadApiEnv();
const logger = createLogger("bench-api-only", { level: env.LOG_LEVEL });
const probabilities = Array.from({ length: 10 }, (_, i) => (i === 7 ? 0.991 : 0.001));
const unsupported = () => Promise.reject(new Error("the api-only diagnostic serves POST /predict only"));
const service: PredictionService = {
  predict: async () => ({ kind: "completed", jobId: randomUUID(), prediction: { digit: "7", confidence: 0.991, probabilities } }),
  submitBatch: unsupported,
  getJob: unsupported,
  waitingCount: async () => 0,
  readiness: async () => ({ ready: true, redis: true, workers: [], reasons: [] }),
  close: async () => undefined,
};
const app = createApp({ service, sniffImage, logger, config: env, metrics: createApiMetrics(createRegistry("api")) });
const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
  logger.warn({ port: info.port }, "listening");
});
const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
