import { basename } from "node:path";
import type { Logger } from "@repo/logger";
import { silentLogger } from "@repo/logger";
import { selectBackend, type BackendPreference } from "../backend/select-backend.js";
import { readKerasModel } from "../keras/index.js";
import type { InputPolarity, InputScale, PreprocessMode } from "../types.js";
import { createDigitModel, type DigitModel } from "./digit-model.js";

/** Options for {@link loadDigitModel}; each mirrors an environment variable. */
export interface LoadDigitModelOptions {
  /** MODEL_PATH: a Keras 3 / Keras 2 `.keras` zip or a legacy HDF5 file. */
  path: string;
  /** INFERENCE_BACKEND. @defaultValue "auto" */
  backend?: BackendPreference;
  /** INPUT_SCALE. @defaultValue "auto" */
  inputScale?: InputScale | "auto";
  /** INPUT_POLARITY. @defaultValue "auto" */
  inputPolarity?: InputPolarity | "auto";
  /** PREPROCESS. @defaultValue "mnist" */
  preprocess?: PreprocessMode;
  /** MAX_IMAGE_PIXELS, used by `decode`. @defaultValue 25_000_000 */
  maxImagePixels?: number;
  logger?: Logger;
}

/**
 * Select the backend, read a Keras file, detect its input convention and
 * warm it up. Throws ModelLoadError for a bad file, BackendError for a
 * forced backend that is not available.
 */
export async function loadDigitModel(opts: LoadDigitModelOptions): Promise<DigitModel> {
  const logger = opts.logger ?? silentLogger;
  const backend = await selectBackend(opts.backend ?? "auto", logger);
  const started = performance.now();
  // A digit model outputs ten class scores; anything else is refused while loading.
  const read = await readKerasModel(opts.path, { logger, classes: 10 });
  let digitModel: DigitModel;
  try {
    digitModel = createDigitModel({
      model: read.model,
      name: basename(opts.path),
      path: opts.path,
      format: read.format,
      kerasVersion: read.kerasVersion ?? null,
      backend,
      inputScale: opts.inputScale ?? "auto",
      inputPolarity: opts.inputPolarity ?? "auto",
      preprocess: opts.preprocess ?? "mnist",
      maxImagePixels: opts.maxImagePixels ?? 25_000_000,
      outputIsProbabilities: read.outputIsProbabilities,
      logger,
    });
  } catch (err) {
    // An input or output the engine cannot feed: free the weights before failing.
    read.model.dispose();
    throw err;
  }
  logger.info({ path: opts.path, ms: Math.round(performance.now() - started) }, "model loaded");
  return digitModel;
}
