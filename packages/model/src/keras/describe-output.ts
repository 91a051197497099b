// What the model's single output is: its shape and the activation that
// produces it, so the engine knows whether it already gets probabilities or
// must apply a softmax to logits (`Dense(10)` with no activation is common in
// tutorials that train with `from_logits=True`).
import * as tf from "@tensorflow/tfjs";
import type { ErrorContext } from "./errors.js";

/** The model's output, as read from the rebuilt graph. */
export interface OutputDescription {
  /** Output shape without the batch axis, e.g. [10]; -1 marks a free dimension. */
  shape: number[];
  /** The last activation applied, by its tfjs name ("softmax", "linear", "sigmoid", ...). */
  activation: string;
  /** True only when the output is a softmax over the class axis. */
  isProbabilities: boolean;
}

/** Layers that pass values through unchanged at inference, so the activation before them still holds. */
const PASS_THROUGH = new Set(["Dropout", "Flatten", "Reshape", "KerasInferenceIdentity", "GaussianNoise", "GaussianDropout", "AlphaDropout"]);

function lastActivation(layer: tf.layers.Layer, depth = 0): string {
  if (depth > 64) return "unknown";
  if (layer instanceof tf.LayersModel) {
    // A nested model: follow its own output back to the layer producing it.
    const inner = layer.outputs[0]?.sourceLayer as tf.layers.Layer | undefined;
    return inner === undefined ? "unknown" : lastActivation(inner, depth + 1);
  }
  const cls = layer.getClassName();
  const config = layer.getConfig();
  if (cls === "KerasTFOpLambda" && config.op === "softmax") return "softmax";
  if (cls === "Softmax") return config.axis === -1 || config.axis === 1 ? "softmax" : "softmax(other axis)";
  if (typeof config.activation === "string") {
    if (config.activation !== "linear" || cls === "Activation") return config.activation;
    return "linear";
  }
  if (PASS_THROUGH.has(cls)) {
    const before = layer.inboundNodes[0]?.inboundLayers[0];
    return before === undefined ? "unknown" : lastActivation(before, depth + 1);
  }
  // Any other layer (BatchNormalization, Add, pooling...) yields unnormalised values.
  return `layer ${cls}`;
}

/** Describes the single output; throws UNSUPPORTED_OPTION for several outputs or a wrong class count. */
export function describeOutput(model: tf.LayersModel, ctx: ErrorContext, classes?: number): OutputDescription {
  if (model.outputs.length !== 1) {
    return ctx.fail(
      "UNSUPPORTED_OPTION",
      `The model has ${model.outputs.length} outputs (${model.outputNames.join(", ")}); a digit model needs exactly one`,
      { option: "outputs" },
    );
  }
  const shape = model.outputs[0]!.shape.slice(1).map((d) => (d === null ? -1 : d));
  if (classes !== undefined && (shape.length !== 1 || shape[0] !== classes)) {
    return ctx.fail(
      "UNSUPPORTED_OPTION",
      `The model's output has shape [${shape.join(", ")}] per sample; a digit model must output ${classes} class scores`,
      { option: "output_shape" },
    );
  }
  const layer = model.outputs[0]!.sourceLayer as tf.layers.Layer | undefined;
  const activation = layer === undefined ? "unknown" : lastActivation(layer);
  return { shape, activation, isProbabilities: activation === "softmax" && shape.length === 1 };
}
