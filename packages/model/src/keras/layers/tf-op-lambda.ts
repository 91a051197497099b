// tf.keras 2.x turns TensorFlow calls on symbolic tensors in a Functional
// model (`inputs / 255.0`, `tf.expand_dims(x, -1)`, `tf.nn.softmax(x)`) into
// TFOpLambda layers; Keras 3 stores such arithmetic as `keras.src.ops`
// operations (TrueDivide, Subtract, ...). The translator maps the few with a fixed meaning to one
// of the ops below (anything else is refused there); constants such as
// `y=255.0` come from the layer's call arguments in the config.
import * as tf from "@tensorflow/tfjs";

/** The operations a TFOpLambda layer can stand for here. */
export type TFOp = "div" | "mul" | "add" | "sub" | "rdiv" | "rsub" | "expandDims" | "reshape" | "identity" | "softmax" | "relu" | "sigmoid";

interface TFOpArgs {
  name?: string;
  op: TFOp;
  operand?: number;
  axis?: number;
  targetShape?: number[];
}

/** One supported TFOpLambda operation with its constant arguments. */
export class KerasTFOpLambda extends tf.layers.Layer {
  static readonly className = "KerasTFOpLambda";
  readonly op: TFOp;
  private readonly operand: number;
  private readonly axis: number;
  private readonly targetShape: number[];

  constructor(args: TFOpArgs) {
    super(args as object);
    this.op = args.op;
    this.operand = args.operand ?? 0;
    this.axis = args.axis ?? -1;
    this.targetShape = args.targetShape ?? [];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      switch (this.op) {
        case "div": return tf.div(x, this.operand);
        case "mul": return tf.mul(x, this.operand);
        case "add": return tf.add(x, this.operand);
        case "sub": return tf.sub(x, this.operand);
        case "rdiv": return tf.div(this.operand, x);
        case "rsub": return tf.sub(this.operand, x);
        case "expandDims": return tf.expandDims(x, this.axis);
        case "reshape": return tf.reshape(x, [-1, ...this.targetShape]);
        case "softmax": return tf.softmax(x, this.axis);
        case "relu": return tf.relu(x);
        case "sigmoid": return tf.sigmoid(x);
        case "identity": return x.clone();
      }
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    if (this.op === "reshape") return [shape[0] ?? null, ...this.targetShape];
    if (this.op === "expandDims") {
      const out = [...shape];
      const at = this.axis < 0 ? shape.length + 1 + this.axis : this.axis;
      out.splice(at, 0, 1);
      return out;
    }
    return shape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), op: this.op, operand: this.operand, axis: this.axis, targetShape: this.targetShape };
  }
}
