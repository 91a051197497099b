// Keras activation identifiers → names tfjs-layers resolves, honouring the
// Keras version's definition (hard_sigmoid changed in Keras 3).
import type { Dialect } from "./keras-config.js";
import { isJson } from "./keras-config.js";

/** Keras name → tfjs name, where both define the same function. */
const SAME: Record<string, string> = {
  linear: "linear",
  relu: "relu",
  relu6: "relu6",
  elu: "elu",
  selu: "selu",
  sigmoid: "sigmoid",
  tanh: "tanh",
  softmax: "softmax",
  // TF 2.0/2.1 wrote `activation=tf.nn.softmax` under the function's own name.
  softmax_v2: "softmax",
  softplus: "softplus",
  softsign: "softsign",
  swish: "swish",
  silu: "swish",
  // Keras's default gelu is the exact erf form (approximate=False); so is tfjs's "gelu".
  gelu: "gelu",
  mish: "mish",
  log_softmax: "logSoftmax",
  leaky_relu: "kerasLeakyRelu",
  hard_silu: "kerasHardSilu",
  hard_swish: "kerasHardSilu",
  exponential: "kerasExponential",
};

/** The activation's Keras name, whatever way it was serialised; null if unreadable. */
export function activationName(value: unknown): string | null {
  if (value === null || value === undefined) return "linear";
  if (typeof value === "string") return value;
  // Keras 2.13+ serialises functions as {class_name: "function", config: "relu", ...}.
  if (isJson(value) && typeof value.config === "string") return value.config;
  if (isJson(value) && typeof value.class_name === "string" && value.class_name !== "function") {
    return value.class_name;
  }
  return null;
}

/** The tfjs activation name for a Keras activation, or null when unsupported. */
export function translateActivation(value: unknown, dialect: Dialect): string | null {
  const name = activationName(value);
  if (name === null) return null;
  const key = name.replace(/^keras\.activations\./, "");
  if (key === "hard_sigmoid") return dialect.kerasMajor === 3 ? "kerasHardSigmoid3" : "kerasHardSigmoid2";
  return SAME[key] ?? null;
}
