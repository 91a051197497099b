// Keras's Normalization preprocessing layer (tfjs-layers has none):
//   y = (x - mean) / max(sqrt(variance), 1e-7), or the inverse when invert=True,
// with mean/variance either given in the config or adapted and stored as
// weights ("mean", "variance", "count").
import * as tf from "@tensorflow/tfjs";

interface Args {
  name?: string;
  axis?: number | number[] | null;
  mean?: number | number[] | null;
  variance?: number | number[] | null;
  invert?: boolean;
}

const EPSILON = 1e-7; // keras.backend.epsilon()

/** Keras Normalization: feature-wise standardisation with stored statistics. */
export class KerasNormalization extends tf.layers.Layer {
  static readonly className = "KerasNormalization";
  private readonly axis: number[];
  private readonly meanCfg: number | number[] | null;
  private readonly varianceCfg: number | number[] | null;
  private readonly invert: boolean;
  private broadcast: number[] = [];
  private meanVar: tf.LayerVariable | null = null;
  private varianceVar: tf.LayerVariable | null = null;

  constructor(args: Args) {
    super(args as object);
    this.axis = args.axis === null || args.axis === undefined ? [] : Array.isArray(args.axis) ? args.axis : [args.axis];
    this.meanCfg = args.mean ?? null;
    this.varianceCfg = args.variance ?? null;
    this.invert = args.invert ?? false;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const keep = this.axis.map((a) => (a < 0 ? a + shape.length : a));
    const paramShape = keep.map((d) => shape[d] ?? 1);
    this.broadcast = shape.map((s, d) => (d > 0 && keep.includes(d) ? (s ?? 1) : 1));
    if (this.meanCfg === null) {
      const zeros = tf.initializers.zeros();
      this.meanVar = this.addWeight("mean", paramShape, "float32", zeros, undefined, false);
      this.varianceVar = this.addWeight("variance", paramShape, "float32", zeros, undefined, false);
      this.addWeight("count", [], "float32", zeros, undefined, false);
    }
    this.built = true;
  }

  private stat(cfg: number | number[] | null, v: tf.LayerVariable | null): tf.Tensor {
    const t = cfg !== null ? tf.tensor(cfg) : v!.read();
    return t.rank === 0 ? t : t.reshape(this.broadcast);
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const mean = this.stat(this.meanCfg, this.meanVar);
      const std = tf.maximum(tf.sqrt(this.stat(this.varianceCfg, this.varianceVar)), EPSILON);
      return this.invert ? tf.add(mean, tf.mul(x, std)) : tf.div(tf.sub(x, mean), std);
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), axis: this.axis, mean: this.meanCfg, variance: this.varianceCfg, invert: this.invert };
  }
}
