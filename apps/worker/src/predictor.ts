// What the worker needs from a model: decode bytes into model input, and run
// one forward pass over a batch. @repo/model provides the real one
// (load-predictor.ts); tests use a fake with the same shape.

/** The subset of @repo/model's ModelInfo the worker advertises and labels metrics with. */
export interface PredictorInfo {
  name: string;
  format: string;
  backend: string;
  inputShape: number[];
  kerasVersion?: string | null;
  convention: { scale: string; polarity: string; source?: string; referenceAccuracy: number };
  /** "fused" or "layers"; absent in fakes. */
  forwardPass?: string;
}

/** A loaded model plus its decoder. */
export interface Predictor<Img = Float32Array> {
  info: PredictorInfo;
  /** Bytes → model input; throws an error with a `code` (EMPTY_IMAGE, CORRUPT_IMAGE, ...) for bad input. */
  decode(bytes: Uint8Array): Promise<Img>;
  /** One forward pass; one probability vector per image, in order. */
  predict(images: Img[]): Promise<Float32Array[]>;
  /** Live tfjs tensors, for the leak gauge (absent in fakes). */
  tensorCount?(): number;
  dispose(): void;
}

/** The most probable class, its probability, and all probabilities as plain numbers. */
export function toPrediction(probs: Float32Array): { digit: string; confidence: number; probabilities: number[] } {
  let best = 0;
  for (let i = 1; i < probs.length; i++) if (probs[i]! > probs[best]!) best = i;
  return { digit: String(best), confidence: probs[best] ?? 0, probabilities: Array.from(probs) };
}
