// Activations tfjs-layers 4.22 lacks or defines differently from Keras.
// They are registered in tfjs's serialization map (the same map tfjs uses to
// resolve activation names), under names that cannot clash with tfjs's own.
import * as tf from "@tensorflow/tfjs";

abstract class KerasActivation extends tf.serialization.Serializable {
  abstract apply(x: tf.Tensor): tf.Tensor;
  getConfig(): tf.serialization.ConfigDict {
    return {};
  }
}

/** Keras `leaky_relu` as an activation string: slope 0.2 (tfjs has no such string). */
export class KerasLeakyRelu extends KerasActivation {
  static readonly className = "kerasLeakyRelu";
  apply(x: tf.Tensor): tf.Tensor {
    return tf.leakyRelu(x, 0.2);
  }
}

/** Keras 3 `hard_sigmoid`: relu6(x + 3) / 6. tfjs's hardSigmoid is Keras 2's 0.2·x + 0.5. */
export class KerasHardSigmoid3 extends KerasActivation {
  static readonly className = "kerasHardSigmoid3";
  apply(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.clipByValue(tf.add(tf.mul(x, 1 / 6), 0.5), 0, 1));
  }
}

/** Keras 2 `hard_sigmoid`: clip(0.2·x + 0.5, 0, 1) (written out so it does not depend on tfjs internals). */
export class KerasHardSigmoid2 extends KerasActivation {
  static readonly className = "kerasHardSigmoid2";
  apply(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.clipByValue(tf.add(tf.mul(x, 0.2), 0.5), 0, 1));
  }
}

/** Keras 3 `hard_silu` / `hard_swish`: x · relu6(x + 3) / 6. */
export class KerasHardSilu extends KerasActivation {
  static readonly className = "kerasHardSilu";
  apply(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.mul(x, tf.clipByValue(tf.add(tf.mul(x, 1 / 6), 0.5), 0, 1)));
  }
}

/** Keras `exponential`: e^x. */
export class KerasExponential extends KerasActivation {
  static readonly className = "kerasExponential";
  apply(x: tf.Tensor): tf.Tensor {
    return tf.exp(x);
  }
}

let registered = false;

/** Registers the activations above with tfjs (idempotent). */
export function registerCustomActivations(): void {
  if (registered) return;
  for (const cls of [KerasLeakyRelu, KerasHardSigmoid3, KerasHardSigmoid2, KerasHardSilu, KerasExponential]) {
    tf.serialization.registerClass(cls as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);
  }
  registered = true;
}
