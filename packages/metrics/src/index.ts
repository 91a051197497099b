export { createRegistry, type ProcessKind } from "./registry.js";
export { createApiMetrics, QUEUE_STATES, type ApiMetrics, type ObservedRequest, type QueueState } from "./api-metrics.js";
export { createWorkerMetrics, type WorkerMetrics, type ModelInfoLabels } from "./worker-metrics.js";
export { startMetricsServer, type MetricsServer, type MetricsServerOptions } from "./metrics-server.js";
export { startProcessSampler, type ProcessSamplerOptions } from "./process-sampler.js";
export { DURATION_BUCKETS_SECONDS, BATCH_SIZE_BUCKETS, SIZE_BUCKETS_BYTES } from "./buckets.js";
export type { Registry } from "prom-client";
