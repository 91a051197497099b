// The apps' own building blocks, so the baselines run the very code the
// service runs (same micro-batcher, same model loading, same HTTP stack).
// They are imported from the apps' build output because apps export nothing;
// bench/package.json depends on @repo/api and @repo/worker so turbo builds
// them first.
// TODO(lead): move batcher to a package (DynamicBatcher and loadModelPredictor
// belong in a package the worker and the bench both import; createApp could
// stay in apps/api if it gets a package.json "exports" entry).
export { DynamicBatcher } from "../../apps/worker/dist/dynamic-batcher.js";
export { loadModelPredictor } from "../../apps/worker/dist/load-predictor.js";
export { parseWorkerEnv, type WorkerEnv } from "../../apps/worker/dist/env.js";
export { startWorker } from "../../apps/worker/dist/start-worker.js";
export { toPrediction, type Predictor } from "../../apps/worker/dist/predictor.js";
export { createApp } from "../../apps/api/dist/create-app.js";
export { loadApiEnv } from "../../apps/api/dist/env.js";
