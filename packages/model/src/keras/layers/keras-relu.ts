// Keras's ReLU layer has max_value, negative_slope and threshold; tfjs's
// ReLU only has maxValue. Keras computes (keras.activations.relu):
//   pos = x > threshold ? x : 0, clipped to [0, max_value] when set
//   out = pos - negative_slope * relu(threshold - x)
import * as tf from "@tensorflow/tfjs";

interface KerasReLUArgs {
  name?: string;
  maxValue?: number | null;
  negativeSlope?: number;
  threshold?: number;
}

/** The full Keras ReLU (max_value, negative_slope, threshold). */
export class KerasReLU extends tf.layers.Layer {
  static readonly className = "KerasReLU";
  private readonly maxValue: number | null;
  private readonly negativeSlope: number;
  private readonly threshold: number;

  constructor(args: KerasReLUArgs) {
    super(args as object);
    this.maxValue = args.maxValue ?? null;
    this.negativeSlope = args.negativeSlope ?? 0;
    this.threshold = args.threshold ?? 0;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      let pos =
        this.threshold === 0 ? tf.relu(x) : tf.mul(x, tf.cast(tf.greater(x, this.threshold), x.dtype));
      if (this.maxValue !== null) pos = tf.clipByValue(pos, 0, this.maxValue);
      if (this.negativeSlope === 0) return pos;
      return tf.sub(pos, tf.mul(this.negativeSlope, tf.relu(tf.sub(this.threshold, x))));
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      maxValue: this.maxValue,
      negativeSlope: this.negativeSlope,
      threshold: this.threshold,
    };
  }
}
