// tfjs layer → Keras 3 layer config and variables, in the shape Keras 3.4
// serialises them (`keras.saving.serialize_keras_object`): module,
// class_name, config (with a DTypePolicy object), registered_name,
// build_config. Only the layers a digit CNN needs; anything else is refused.
import type * as tf from "@tensorflow/tfjs";

/** Keras JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A model the Keras 3 writer cannot express faithfully. */
export class KerasExportError extends Error {
  readonly code = "UNSUPPORTED_LAYER";
  constructor(message: string) {
    super(message);
    this.name = "KerasExportError";
  }
}

/** One layer, ready for config.json and model.weights.h5. */
export interface ExportedLayer {
  className: string;
  config: { [key: string]: Json };
  /** Variables in Keras 3's order (`trainable + non_trainable`, creation order). */
  variables: tf.LayerVariable[];
}

/** Keras 3's float32 dtype policy object. */
export const DTYPE_POLICY: Json = { module: "keras", class_name: "DTypePolicy", config: { name: "float32" }, registered_name: null };

const ACTIVATIONS: Record<string, string> = {
  linear: "linear",
  relu: "relu",
  relu6: "relu6",
  softmax: "softmax",
  sigmoid: "sigmoid",
  tanh: "tanh",
  elu: "elu",
  selu: "selu",
  softplus: "softplus",
  softsign: "softsign",
  swish: "silu",
  gelu: "gelu",
  hard_sigmoid: "hard_sigmoid",
};

const INITIALIZERS: Record<string, string> = {
  HeNormal: "HeNormal",
  HeUniform: "HeUniform",
  GlorotUniform: "GlorotUniform",
  GlorotNormal: "GlorotNormal",
  LeCunNormal: "LecunNormal",
  LeCunUniform: "LecunUniform",
  Zeros: "Zeros",
  Ones: "Ones",
};

type Cfg = Record<string, unknown>;

function activation(name: unknown, layer: string): string {
  const key = String(name ?? "linear");
  const mapped = ACTIVATIONS[key];
  if (!mapped) throw new KerasExportError(`layer ${layer}: activation "${key}" has no Keras 3 equivalent here`);
  return mapped;
}

function initializer(value: unknown): Json {
  const v = value as { className?: string; config?: { seed?: number | null } } | undefined;
  const cls = v?.className && INITIALIZERS[v.className];
  if (!cls) {
    // Only used to create fresh weights; a saved model loads its own values.
    return { module: "keras.initializers", class_name: "GlorotUniform", config: { seed: null }, registered_name: null };
  }
  const config: { [key: string]: Json } = cls === "Zeros" || cls === "Ones" ? {} : { seed: v.config?.seed ?? null };
  return { module: "keras.initializers", class_name: cls, config, registered_name: null };
}

function pair(v: unknown): [number, number] {
  if (Array.isArray(v)) return [Number(v[0]), Number(v[1] ?? v[0])];
  return [Number(v), Number(v)];
}

function noRegularisers(c: Cfg, layer: string, keys: string[]): void {
  for (const k of keys) {
    if (c[k] != null) throw new KerasExportError(`layer ${layer}: ${k} is not supported by the Keras 3 writer`);
  }
}

function channelsLast(c: Cfg, layer: string): string {
  const f = c["dataFormat"] ?? "channelsLast";
  if (f !== "channelsLast") throw new KerasExportError(`layer ${layer}: only channels_last is supported`);
  return "channels_last";
}

const base = (layer: tf.layers.Layer): { [key: string]: Json } => ({
  name: layer.name,
  trainable: layer.trainable,
  dtype: DTYPE_POLICY,
});

type Translator = (layer: tf.layers.Layer, c: Cfg) => { [key: string]: Json };

const TRANSLATORS: Record<string, Translator> = {
  Rescaling: (l, c) => ({ ...base(l), scale: Number(c["scale"]), offset: Number(c["offset"] ?? 0) }),
  Conv2D: (l, c) => {
    noRegularisers(c, l.name, ["kernelRegularizer", "biasRegularizer", "activityRegularizer", "kernelConstraint", "biasConstraint"]);
    return {
      ...base(l),
      filters: Number(c["filters"]),
      kernel_size: pair(c["kernelSize"]),
      strides: pair(c["strides"] ?? 1),
      padding: String(c["padding"] ?? "valid"),
      data_format: channelsLast(c, l.name),
      dilation_rate: pair(c["dilationRate"] ?? 1),
      groups: 1,
      activation: activation(c["activation"], l.name),
      use_bias: Boolean(c["useBias"] ?? true),
      kernel_initializer: initializer(c["kernelInitializer"]),
      bias_initializer: initializer(c["biasInitializer"] ?? { className: "Zeros" }),
      kernel_regularizer: null,
      bias_regularizer: null,
      activity_regularizer: null,
      kernel_constraint: null,
      bias_constraint: null,
    };
  },
  Dense: (l, c) => {
    noRegularisers(c, l.name, ["kernelRegularizer", "biasRegularizer", "activityRegularizer", "kernelConstraint", "biasConstraint"]);
    return {
      ...base(l),
      units: Number(c["units"]),
      activation: activation(c["activation"], l.name),
      use_bias: Boolean(c["useBias"] ?? true),
      kernel_initializer: initializer(c["kernelInitializer"]),
      bias_initializer: initializer(c["biasInitializer"] ?? { className: "Zeros" }),
      kernel_regularizer: null,
      bias_regularizer: null,
      kernel_constraint: null,
      bias_constraint: null,
    };
  },
  MaxPooling2D: (l, c) => pooling(l, c),
  AveragePooling2D: (l, c) => pooling(l, c),
  GlobalAveragePooling2D: (l, c) => ({ ...base(l), data_format: channelsLast(c, l.name), keepdims: Boolean(c["keepDims"] ?? false) }),
  GlobalMaxPooling2D: (l, c) => ({ ...base(l), data_format: channelsLast(c, l.name), keepdims: Boolean(c["keepDims"] ?? false) }),
  Flatten: (l, c) => ({ ...base(l), data_format: channelsLast(c, l.name) }),
  Dropout: (l, c) => ({ ...base(l), rate: Number(c["rate"]), seed: null, noise_shape: null }),
  Activation: (l, c) => ({ ...base(l), activation: activation(c["activation"], l.name) }),
  ReLU: (l, c) => ({ ...base(l), max_value: (c["maxValue"] as number | null | undefined) ?? null, negative_slope: 0.0, threshold: 0.0 }),
  BatchNormalization: (l, c) => {
    const axis = Number(c["axis"] ?? -1);
    if (axis !== -1 && axis !== 3) throw new KerasExportError(`layer ${l.name}: only the last axis is supported`);
    return {
      ...base(l),
      axis: -1,
      momentum: Number(c["momentum"] ?? 0.99),
      epsilon: Number(c["epsilon"] ?? 0.001),
      center: Boolean(c["center"] ?? true),
      scale: Boolean(c["scale"] ?? true),
      beta_initializer: initializer({ className: "Zeros" }),
      gamma_initializer: initializer({ className: "Ones" }),
      moving_mean_initializer: initializer({ className: "Zeros" }),
      moving_variance_initializer: initializer({ className: "Ones" }),
      beta_regularizer: null,
      gamma_regularizer: null,
      beta_constraint: null,
      gamma_constraint: null,
      synchronized: false,
    };
  },
};

function pooling(l: tf.layers.Layer, c: Cfg): { [key: string]: Json } {
  const size = pair(c["poolSize"] ?? 2);
  return { ...base(l), pool_size: size, padding: String(c["padding"] ?? "valid"), strides: pair(c["strides"] ?? size), data_format: channelsLast(c, l.name) };
}

// Keras 3 stores variables as trainable first, then non-trainable, each in
// creation order; tfjs names them by role, so order by role explicitly.
const VARIABLE_ORDER: Record<string, string[]> = {
  Conv2D: ["kernel", "bias"],
  Dense: ["kernel", "bias"],
  BatchNormalization: ["gamma", "beta", "moving_mean", "moving_variance"],
};

function variablesOf(layer: tf.layers.Layer, className: string): tf.LayerVariable[] {
  const order = VARIABLE_ORDER[className] ?? [];
  const byRole = new Map<string, tf.LayerVariable>();
  for (const w of layer.weights) {
    const role = w.originalName.split("/").pop()!.replace(/:\d+$/, "");
    byRole.set(role, w);
  }
  const out = order.filter((r) => byRole.has(r)).map((r) => byRole.get(r)!);
  if (out.length !== layer.weights.length) {
    throw new KerasExportError(`layer ${layer.name}: unexpected variables ${[...byRole.keys()].join(", ")}`);
  }
  return out;
}

/** Translate one tfjs layer; throws {@link KerasExportError} for a layer or option Keras 3 would not read back the same. */
export function exportLayer(layer: tf.layers.Layer): ExportedLayer {
  const className = layer.getClassName();
  const translate = TRANSLATORS[className];
  if (!translate) throw new KerasExportError(`layer ${layer.name}: ${className} is not supported by the Keras 3 writer`);
  const config = translate(layer, layer.getConfig() as Cfg);
  return { className, config, variables: variablesOf(layer, className) };
}

/** Keras's `naming.to_snake_case`: the weights file names layers by class, not by layer name. */
export function toSnakeCase(name: string): string {
  return name
    .replace(/\W+/g, "")
    .replace(/(.)([A-Z][a-z]+)/g, "$1_$2")
    .replace(/([a-z])([A-Z])/g, "$1_$2")
    .toLowerCase();
}
