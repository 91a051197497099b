// Turning model images (0..1, light on dark) into the tensor a model expects.
import * as tf from "@tensorflow/tfjs";
import type { InputPolarity, InputScale, ModelImage } from "../types.js";
import type { InputLayout } from "./input-layout.js";

/** A scale and polarity pair, without provenance. */
export interface ConventionChoice {
  scale: InputScale;
  polarity: InputPolarity;
}

/** Every convention detection considers, in order of preference. */
export const ALL_CONVENTIONS: readonly ConventionChoice[] = [
  { scale: "0..1", polarity: "light-on-dark" },
  { scale: "0..255", polarity: "light-on-dark" },
  { scale: "0..1", polarity: "dark-on-light" },
  { scale: "0..255", polarity: "dark-on-light" },
];

/**
 * Pack images into one input tensor [n, ...layout.shape], applying polarity,
 * scale and channel layout in a single JS pass (cheaper than extra tensor ops per batch).
 */
export function toInputTensor(images: readonly ModelImage[], layout: InputLayout, convention: ConventionChoice): tf.Tensor {
  const pixels = layout.height * layout.width;
  const c = layout.channels;
  const k = convention.scale === "0..255" ? 255 : 1;
  const invert = convention.polarity === "dark-on-light";
  const data = new Float32Array(images.length * pixels * c);
  for (let n = 0; n < images.length; n++) {
    const img = images[n]!;
    if (img.length !== pixels) {
      throw new RangeError(`image ${n} has ${img.length} pixels; the model reads ${layout.height}×${layout.width}`);
    }
    const base = n * pixels * c;
    if (c === 1 && !invert && k === 1) {
      data.set(img, base);
      continue;
    }
    // One channel has the same memory layout either way; with several, channels
    // last interleaves them per pixel and channels first stacks whole planes.
    const [pixelStride, planeStride] = layout.channelOrder === "first" ? [1, pixels] : [c, 1];
    for (let p = 0; p < pixels; p++) {
      const v = (invert ? 1 - img[p]! : img[p]!) * k;
      for (let ch = 0; ch < c; ch++) data[base + p * pixelStride + ch * planeStride] = v;
    }
  }
  return tf.tensor(data, [images.length, ...layout.shape], "float32");
}
