// The apps' own building blocks, so the baselines run the very code the
// service runs (same micro-batcher, same model loading, same HTTP stack).
// Apps export nothing, so the code is loaded from their build output (turbo
// builds @repo/api and @repo/worker first: bench/package.json depends on
// them) and typed from their sources.
// TODO(lead): move batcher to a package (DynamicBatcher and loadModelPredictor
// belong in a package the worker and the bench both import; createApp could
// stay in apps/api if it gets a package.json "exports" entry).
import type * as ApiCreateApp from "../../apps/api/src/create-app.js";
import type * as ApiEnv from "../../apps/api/src/env.js";
import type * as Batcher from "../../apps/worker/src/dynamic-batcher.js";
import type * as WorkerEnvModule from "../../apps/worker/src/env.js";
import type * as LoadPredictor from "../../apps/worker/src/load-predictor.js";
import type * as PredictorModule from "../../apps/worker/src/predictor.js";
import type * as StartWorker from "../../apps/worker/src/start-worker.js";

export type { WorkerEnv } from "../../apps/worker/src/env.js";
export type { Predictor } from "../../apps/worker/src/predictor.js";

const load = async <T>(app: "api" | "worker", file: string): Promise<T> =>
  (await import(new URL(`../../apps/${app}/dist/${file}`, import.meta.url).href)) as T;

export const { DynamicBatcher } = await load<typeof Batcher>("worker", "dynamic-batcher.js");
export const { loadModelPredictor } = await load<typeof LoadPredictor>("worker", "load-predictor.js");
export const { parseWorkerEnv } = await load<typeof WorkerEnvModule>("worker", "env.js");
export const { startWorker } = await load<typeof StartWorker>("worker", "start-worker.js");
export const { toPrediction } = await load<typeof PredictorModule>("worker", "predictor.js");
export const { createApp } = await load<typeof ApiCreateApp>("api", "create-app.js");
export const { loadApiEnv } = await load<typeof ApiEnv>("api", "env.js");
