// The default digit CNN. Small on purpose: it trains on two shared cores in
// minutes with the wasm backend, and every layer maps 1:1 onto a Keras 3 layer.
import * as tf from "@tensorflow/tfjs";

/** Sizes of {@link buildDigitCnn}. */
export interface DigitCnnOptions {
  /** Filters of the three convolution blocks. @defaultValue [24, 48, 64] */
  filters?: [number, number, number];
  /** Units of the hidden dense layer. @defaultValue 128 */
  dense?: number;
  /** Dropout before each dense layer. @defaultValue 0.35 */
  dropout?: number;
  /** Batch normalisation after each convolution (doubles the training time on wasm). @defaultValue false */
  batchNorm?: boolean;
  /** Max-pool after the third block too (7×7 → 3×3), shrinking the dense layer five-fold. @defaultValue true */
  finalPool?: boolean;
  /** Seed of the weight initialisers (dropout masks are not seeded). @defaultValue 1 */
  seed?: number;
}

/**
 * Input 28×28×1 in 0..255 (light ink on dark, as MNIST); the model rescales
 * to 0..1 itself, so the file says which scale it wants.
 * Rescaling → Conv 5×5 ReLU → MaxPool → Conv 3×3 ReLU → MaxPool → Conv 3×3 ReLU → Flatten → Dropout → Dense → ReLU → Dropout → Dense softmax.
 */
export function buildDigitCnn(opts: DigitCnnOptions = {}): tf.Sequential {
  const [f1, f2, f3] = opts.filters ?? [24, 48, 64];
  const seed = opts.seed ?? 1;
  const dropout = opts.dropout ?? 0.35;
  let n = 0;
  const init = () => tf.initializers.heNormal({ seed: seed * 1000 + n++ });
  const m = tf.sequential({ name: "digit_cnn" });
  m.add(tf.layers.rescaling({ inputShape: [28, 28, 1], scale: 1 / 255, offset: 0, name: "rescaling" }));
  const block = (filters: number, kernel: number, i: number): void => {
    if (opts.batchNorm !== true) {
      m.add(tf.layers.conv2d({ filters, kernelSize: kernel, padding: "same", activation: "relu", kernelInitializer: init(), name: `conv2d_${i}` }));
      return;
    }
    m.add(tf.layers.conv2d({ filters, kernelSize: kernel, padding: "same", useBias: false, kernelInitializer: init(), name: `conv2d_${i}` }));
    m.add(tf.layers.batchNormalization({ name: `batch_normalization_${i}` }));
    m.add(tf.layers.reLU({ name: `re_lu_${i}` }));
  };
  block(f1, 5, 1);
  m.add(tf.layers.maxPooling2d({ poolSize: 2, name: "max_pooling2d_1" }));
  block(f2, 3, 2);
  m.add(tf.layers.maxPooling2d({ poolSize: 2, name: "max_pooling2d_2" }));
  block(f3, 3, 3);
  if (opts.finalPool !== false) m.add(tf.layers.maxPooling2d({ poolSize: 2, name: "max_pooling2d_3" }));
  m.add(tf.layers.flatten({ name: "flatten" }));
  // No dropout seed: tfjs re-seeds its generator on every call, so a seeded
  // Dropout would apply the very same mask to every batch.
  m.add(tf.layers.dropout({ rate: dropout, name: "dropout_1" }));
  m.add(tf.layers.dense({ units: opts.dense ?? 128, activation: "relu", kernelInitializer: init(), name: "dense_1" }));
  m.add(tf.layers.dropout({ rate: dropout, name: "dropout_2" }));
  m.add(tf.layers.dense({ units: 10, activation: "softmax", kernelInitializer: tf.initializers.glorotUniform({ seed: seed * 1000 + n++ }), name: "dense_2" }));
  return m;
}
