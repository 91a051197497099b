// A loaded model with its input convention: the one object the worker, the
// CLI and the benchmarks hold.
import * as tf from "@tensorflow/tfjs";
import type { Logger } from "@repo/logger";
import { silentLogger } from "@repo/logger";
import { toInputTensor } from "../convention/convention.js";
import { detectConvention } from "../convention/detect-convention.js";
import { inputLayout } from "../convention/input-layout.js";
import { decodeToModelImage } from "../image/decode-to-model-image.js";
import { ModelLoadError } from "../keras/errors.js";
import { chooseForwardPass } from "./fused-forward.js";
import type {
  BackendName,
  InputPolarity,
  InputScale,
  ModelFormat,
  ModelImage,
  ModelInfo,
  PreprocessMode,
} from "../types.js";

/** Four fixed, varied grey images, on which the fused forward pass must agree with execute. */
function checkImages(pixels: number): ModelImage[] {
  return [1, 2, 3, 4].map((k) => Float32Array.from({ length: pixels }, (_, i) => ((i * 7919 * k) % 257) / 256));
}

/** A model ready to serve. */
export interface DigitModel {
  readonly info: ModelInfo;
  /** Class probabilities for each image, from one forward pass over the whole batch. */
  predict(images: readonly ModelImage[]): Promise<Float32Array[]>;
  /** Decode an upload into this model's image size with its preprocessing mode and pixel limit. */
  decode(bytes: Uint8Array): Promise<ModelImage>;
  /** The underlying tfjs model (for benchmarks that call tfjs directly). */
  readonly layersModel: tf.LayersModel;
  /** Live tfjs tensors in this process (constant while serving; a rise is a leak). */
  tensorCount(): number;
  /** Free the model's weights. */
  dispose(): void;
}

/** Everything {@link createDigitModel} needs besides the tfjs model. */
export interface DigitModelSetup {
  model: tf.LayersModel;
  name: string;
  path: string;
  format: ModelFormat;
  kerasVersion: string | null;
  backend: BackendName;
  inputScale?: InputScale | "auto";
  inputPolarity?: InputPolarity | "auto";
  /** @defaultValue "mnist" */
  preprocess?: PreprocessMode;
  /** MAX_IMAGE_PIXELS. @defaultValue 25_000_000 */
  maxImagePixels?: number;
  /**
   * Whether the model ends in a softmax, as the model file says (`readKerasModel`'s
   * `outputIsProbabilities`); false applies a softmax to its outputs.
   * @defaultValue judged from the outputs on the reference digits
   */
  outputIsProbabilities?: boolean;
  logger?: Logger;
}

/**
 * Wrap a tfjs model: work out its layout and input convention, warm it up,
 * and expose batched, leak-free prediction.
 */
export function createDigitModel(setup: DigitModelSetup): DigitModel {
  const { model } = setup;
  const logger = setup.logger ?? silentLogger;
  const preprocess = setup.preprocess ?? "mnist";
  const maxPixels = setup.maxImagePixels ?? 25_000_000;
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new ModelLoadError(
      "UNSUPPORTED_OPTION",
      `the model has ${model.inputs.length} inputs and ${model.outputs.length} outputs; a digit model has one of each`,
      { file: setup.path, option: "inputs/outputs" },
    );
  }
  const layout = inputLayout(model.inputs[0]!.shape.slice(1), setup.path);
  if (layout.sizeAssumed) {
    logger.info(
      { inputShape: layout.modelShape, fed: layout.shape },
      `the model accepts any image size; feeding ${layout.height}×${layout.width} images (MNIST's size)`,
    );
  }
  const outShape = model.outputs[0]!.shape;
  const classes = outShape[outShape.length - 1] ?? 0;
  if (outShape.length !== 2 || classes < 2) {
    throw new ModelLoadError(
      "UNSUPPORTED_OPTION",
      `the model output shape [${outShape.join(", ")}] is not a list of class scores`,
      { file: setup.path, option: "output_shape" },
    );
  }
  const detected = detectConvention({
    model,
    layout,
    scale: setup.inputScale ?? "auto",
    polarity: setup.inputPolarity ?? "auto",
    outputsAreProbabilities: setup.outputIsProbabilities,
    logger,
  });
  // The file's word wins: logits can happen to sum to 1, and detection only sees 500 digits.
  const { convention, outputsAreProbabilities } = detected;
  if (!outputsAreProbabilities) {
    const source = setup.outputIsProbabilities === undefined ? "reference digits" : "model file";
    logger.info({ source }, "the model outputs logits, not probabilities; a softmax is applied to them");
    if (detected.outputsLookLikeProbabilities) {
      logger.warn("the model file does not end in a softmax, but its outputs on the reference digits look like probabilities; a softmax is applied as the file says");
    }
  }

  // Intermediate tensors are disposed by the forward pass itself (fused-forward.ts
  // or LayersModel.execute), so only the input (and the logits, when a softmax
  // is added) need disposing here. predict() would add input checks, a copy of
  // the input sliced into batches of 32, nested tidies and a concat; an outer
  // tf.tidy also costs measurable time at batch 1.
  const sample = toInputTensor(checkImages(layout.height * layout.width), layout, convention);
  let pass: ReturnType<typeof chooseForwardPass>;
  try {
    pass = chooseForwardPass(model, sample, logger);
  } finally {
    sample.dispose();
  }
  const info: ModelInfo = {
    name: setup.name,
    path: setup.path,
    format: setup.format,
    kerasVersion: setup.kerasVersion,
    backend: setup.backend,
    inputShape: layout.modelShape,
    imageSize: { height: layout.height, width: layout.width },
    classes,
    convention,
    parameters: model.countParams(),
    forwardPass: pass.fused ? "fused" : "layers",
  };
  const forward = (images: readonly ModelImage[]): tf.Tensor => {
    const x = toInputTensor(images, layout, convention);
    let out: tf.Tensor;
    try {
      out = pass.run(x);
    } finally {
      x.dispose();
    }
    if (outputsAreProbabilities) return out;
    const probs = tf.softmax(out);
    out.dispose();
    return probs;
  };

  async function predict(images: readonly ModelImage[]): Promise<Float32Array[]> {
    if (images.length === 0) return [];
    const out = forward(images);
    try {
      const data = (await out.data()) as Float32Array;
      const rows: Float32Array[] = [];
      for (let i = 0; i < images.length; i++) rows.push(data.subarray(i * classes, (i + 1) * classes));
      return rows;
    } finally {
      out.dispose();
    }
  }

  // Warm-up: the first call of each kernel compiles or allocates; do that now
  // rather than on the first user's request. Two batch sizes cover the shapes
  // the worker uses most.
  for (const n of [1, 8]) forward(new Array(n).fill(new Float32Array(layout.height * layout.width))).dispose();

  logger.info({ model: info }, "model ready");
  let disposed = false;
  return {
    info,
    predict,
    layersModel: model,
    decode: (bytes) =>
      decodeToModelImage(bytes, { height: layout.height, width: layout.width, mode: preprocess, maxPixels }),
    tensorCount: () => tf.memory().numTensors,
    dispose() {
      if (disposed) return;
      disposed = true;
      model.dispose();
    },
  };
}
