// Test helper: a nearest-centroid MNIST classifier built as a tfjs Dense layer,
// trained for any input convention in milliseconds. Its logits
// 2μ·x − |μ|² depend on the pixel scale, so a wrong convention really hurts.
import { createRequire } from "node:module";
import * as tf from "@tensorflow/tfjs";
import type { InputPolarity, InputScale } from "../types.js";

const mnist = createRequire(import.meta.url)("mnist") as { get(i: number): number[]; length: number }[];

/** Build a nearest-centroid model that expects `scale` and `polarity`, with input `shape`. */
export function centroidModel(
  scale: InputScale,
  polarity: InputPolarity,
  shape: number[] = [784],
  opts: { softmax?: boolean } = {},
): tf.LayersModel {
  const k = scale === "0..255" ? 255 : 1;
  const w = new Float32Array(784 * 10);
  const b = new Float32Array(10);
  // Temperature keeps logits in a range where softmax is not one-hot.
  const temp = 20 * k * k;
  for (let d = 0; d < 10; d++) {
    const mean = new Float64Array(784);
    // Samples from the end of each class: the reference digits are spread
    // over the whole class, so some overlap is possible but harmless.
    const n = 60;
    for (let i = 0; i < n; i++) {
      const s = mnist[d]!.get(mnist[d]!.length - 1 - i);
      for (let p = 0; p < 784; p++) mean[p]! += ((polarity === "dark-on-light" ? 1 - s[p]! : s[p]!) * k) / n;
    }
    let norm = 0;
    for (let p = 0; p < 784; p++) {
      w[p * 10 + d] = (2 * mean[p]!) / temp;
      norm += mean[p]! * mean[p]!;
    }
    b[d] = -norm / temp;
  }
  const model = tf.sequential();
  if (shape.length > 1) model.add(tf.layers.flatten({ inputShape: shape }));
  model.add(
    tf.layers.dense({
      ...(shape.length > 1 ? {} : { inputShape: shape }),
      units: 10,
      activation: opts.softmax === false ? "linear" : "softmax",
      weights: [tf.tensor2d(w, [784, 10]), tf.tensor1d(b)],
    }),
  );
  return model;
}
