// The real model: @repo/model's DigitModel already has the Predictor shape
// (decode with sharp or the fast PNG path, batched predict).
import type { Logger } from "@repo/logger";
import { configureSharp, loadDigitModel } from "@repo/model";
import type { WorkerEnv } from "./env.js";
import type { Predictor } from "./predictor.js";

/** Load MODEL_PATH with the configured backend and input convention; size sharp's thread pool. */
export async function loadModelPredictor(env: WorkerEnv, logger: Logger): Promise<Predictor> {
  // Small images: one libvips thread per call, parallelism comes from worker processes.
  configureSharp({ concurrency: env.SHARP_CONCURRENCY, cache: false });
  return loadDigitModel({
    path: env.MODEL_PATH,
    backend: env.INFERENCE_BACKEND,
    inputScale: env.INPUT_SCALE,
    inputPolarity: env.INPUT_POLARITY,
    preprocess: env.PREPROCESS,
    maxImagePixels: env.MAX_IMAGE_PIXELS,
    logger,
  });
}
