// Keras's GlobalAveragePooling2D / GlobalMaxPooling2D accept keepdims=True;
// tfjs-layers' versions do not, so that case loads as this layer.
import * as tf from "@tensorflow/tfjs";

interface Args {
  name?: string;
  mode: "avg" | "max";
  dataFormat?: "channelsLast" | "channelsFirst";
}

/** Global 2D pooling that keeps the spatial axes as size 1 (Keras keepdims=True). */
export class GlobalPooling2DKeepDims extends tf.layers.Layer {
  static readonly className = "KerasGlobalPooling2DKeepDims";
  private readonly mode: "avg" | "max";
  private readonly dataFormat: "channelsLast" | "channelsFirst";

  constructor(args: Args) {
    super(args as object);
    this.mode = args.mode;
    this.dataFormat = args.dataFormat ?? "channelsLast";
  }

  private axes(): [number, number] {
    return this.dataFormat === "channelsLast" ? [1, 2] : [2, 3];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      return this.mode === "avg" ? tf.mean(x, this.axes(), true) : tf.max(x, this.axes(), true);
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = [...((Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape)];
    for (const a of this.axes()) s[a] = 1;
    return s;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), mode: this.mode, dataFormat: this.dataFormat };
  }
}
