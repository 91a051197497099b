// The public shapes of @repo/model, shared by the loader, the preprocessor,
// the worker, the CLI and the benchmarks.

/** How the model file was stored (detected from content, not the file name). */
export type ModelFormat = "keras3" | "keras2-zip" | "legacy-h5";

/** The tfjs backend that runs the model. */
export type BackendName = "tensorflow" | "wasm" | "cpu";

/** Pixel value range the model expects. */
export type InputScale = "0..1" | "0..255";

/** Ink polarity the model expects: MNIST is light ink on a dark ground. */
export type InputPolarity = "light-on-dark" | "dark-on-light";

/** Image preprocessing mode: MNIST-style normalisation, or the original service's plain resize. */
export type PreprocessMode = "mnist" | "resize";

/** The input convention in force, and how it was chosen. */
export interface InputConvention {
  scale: InputScale;
  polarity: InputPolarity;
  /** "detected" (by reference digits) or "override" (INPUT_SCALE / INPUT_POLARITY). */
  source: "detected" | "override";
  /** Accuracy on the shipped reference digits under this convention (0..1). */
  referenceAccuracy: number;
  /** Mean log-likelihood of the true labels under this convention (tie-breaker). */
  referenceLogLikelihood: number;
}

/** What a loaded model is, for logs, /readyz, heartbeats and `model_info`. */
export interface ModelInfo {
  name: string;
  path: string;
  format: ModelFormat;
  /** Keras version from metadata when known, e.g. "3.4.1" or "2.14.0". */
  kerasVersion: string | null;
  backend: BackendName;
  /** The model's input shape without the batch dimension, e.g. [784] or [28, 28, 1]. */
  inputShape: number[];
  /** Height and width of the image the model reads (28×28 for MNIST models). */
  imageSize: { height: number; width: number };
  classes: number;
  convention: InputConvention;
  parameters: number;
  /** How the forward pass runs: one tfjs op per layer ("fused"), or tfjs-layers' `execute` ("layers"). */
  forwardPass: ForwardPass;
}

/** See {@link ModelInfo.forwardPass}. */
export type ForwardPass = "fused" | "layers";

/**
 * A model image: greyscale, `height × width` row-major, values in 0..1,
 * light ink on a dark ground (the MNIST convention). The model applies its own
 * input convention (scale, polarity, layout) on top of this.
 */
export type ModelImage = Float32Array;
