// Inference-only BatchNormalization. tfjs-layers' own layer reshapes the
// statistics to [1, C, 1, 1] for a non-last axis (channels_first models), but
// the cpu/wasm batchNorm kernels index the statistics as if they were on the
// last axis, so such models come out wrong. This layer uses the fused kernel
// only on the last axis and plain broadcasting arithmetic otherwise.
import * as tf from "@tensorflow/tfjs";

interface Args {
  name?: string;
  axis?: number;
  epsilon?: number;
  center?: boolean;
  scale?: boolean;
}

/** Keras BatchNormalization at inference: (x - mean) / sqrt(var + eps) · gamma + beta on any axis. */
export class KerasBatchNormalization extends tf.layers.Layer {
  static readonly className = "KerasBatchNormalization";
  private readonly axis: number;
  private readonly epsilon: number;
  private readonly center: boolean;
  private readonly scale: boolean;
  private gamma: tf.LayerVariable | null = null;
  private beta: tf.LayerVariable | null = null;
  private movingMean!: tf.LayerVariable;
  private movingVariance!: tf.LayerVariable;

  constructor(args: Args) {
    super(args as object);
    this.axis = args.axis ?? -1;
    this.epsilon = args.epsilon ?? 1e-3;
    this.center = args.center ?? true;
    this.scale = args.scale ?? true;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const axis = this.axis < 0 ? this.axis + shape.length : this.axis;
    const dim = shape[axis];
    if (dim === null || dim === undefined) throw new Error(`BatchNormalization axis ${this.axis} has no fixed size`);
    const zeros = tf.initializers.zeros();
    const ones = tf.initializers.ones();
    // Same names and order as Keras (and tfjs): gamma, beta, moving_mean, moving_variance.
    if (this.scale) this.gamma = this.addWeight("gamma", [dim], "float32", ones, undefined, false);
    if (this.center) this.beta = this.addWeight("beta", [dim], "float32", zeros, undefined, false);
    this.movingMean = this.addWeight("moving_mean", [dim], "float32", zeros, undefined, false);
    this.movingVariance = this.addWeight("moving_variance", [dim], "float32", ones, undefined, false);
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const axis = this.axis < 0 ? this.axis + x.rank : this.axis;
      const mean = this.movingMean.read();
      const variance = this.movingVariance.read();
      const gamma = this.gamma?.read();
      const beta = this.beta?.read();
      if (axis === x.rank - 1) return tf.batchNorm(x, mean, variance, beta, gamma, this.epsilon);
      const shape = Array.from({ length: x.rank }, (_, i) => (i === axis ? mean.size : 1));
      let y = tf.div(tf.sub(x, mean.reshape(shape)), tf.sqrt(tf.add(variance.reshape(shape), this.epsilon)));
      if (gamma) y = tf.mul(y, gamma.reshape(shape));
      if (beta) y = tf.add(y, beta.reshape(shape));
      return y;
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), axis: this.axis, epsilon: this.epsilon, center: this.center, scale: this.scale };
  }
}
