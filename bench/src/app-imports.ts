// The apps' own building blocks, so the baselines run the very code the
// service runs (same micro-batcher, same model loading, same HTTP stack).
// The apps export these composition pieces (package.json "exports") for
// exactly this: a benchmark that must not drift from what it measures.
export { createApp } from "@repo/api/create-app";
export { loadApiEnv } from "@repo/api/env";
export { DynamicBatcher } from "@repo/worker/dynamic-batcher";
export { parseWorkerEnv, type WorkerEnv } from "@repo/worker/env";
export { loadModelPredictor } from "@repo/worker/load-predictor";
export { toPrediction, type Predictor } from "@repo/worker/predictor";
export { startWorker } from "@repo/worker/start-worker";
