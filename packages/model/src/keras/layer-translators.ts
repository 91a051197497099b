// The per-class translation table: for each Keras layer class, its options
// mapped to tfjs-layers' (Keras-2-style) config, and its weights in Keras
// creation order. Anything not listed here is UNSUPPORTED_LAYER.
import type { Dialect, Json } from "./keras-config.js";
import type { OptionReader } from "./options.js";
import { translateActivation } from "./translate-activation.js";
import { translateTFOpLambda } from "./translate-tf-op-lambda.js";
import type { WeightSpec } from "./translate-layer.js";

/** Translates one layer class's options. */
export type Translator = (o: OptionReader, d: Dialect) => { className: string; config: Json; weights?: WeightSpec[] };

const W = (tfjs: string, ...alias: string[]): WeightSpec => ({ tfjs, keras: [tfjs, ...alias] });
const FORMATS = ["channels_last", "channels_first"] as const;
const PADDINGS = ["valid", "same"] as const;

function activation(o: OptionReader, d: Dialect, key = "activation"): string {
  const raw = o.get(key);
  const name = translateActivation(raw, d);
  if (name === null) o.unsupported(key, raw, "activation not supported");
  return name;
}

function conv2dCommon(o: OptionReader, d: Dialect): Json {
  const groups = o.number("groups", 1);
  if (groups !== 1) o.unsupported("groups", groups, "grouped convolution is not available in tfjs");
  return {
    kernel_size: o.get("kernel_size"),
    strides: o.get("strides") ?? [1, 1],
    padding: o.oneOf("padding", PADDINGS, "valid"),
    data_format: o.oneOf("data_format", FORMATS, "channels_last"),
    dilation_rate: o.get("dilation_rate") ?? [1, 1],
    activation: activation(o, d),
    use_bias: o.bool("use_bias", true),
  };
}

function pooling(cls: string): Translator {
  return (o) => ({
    className: cls,
    config: {
      pool_size: o.get("pool_size") ?? [2, 2],
      strides: o.get("strides") ?? o.config.pool_size ?? [2, 2],
      padding: o.oneOf("padding", PADDINGS, "valid"),
      data_format: o.oneOf("data_format", FORMATS, "channels_last"),
    },
  });
}

function globalPooling(cls: string, mode: "avg" | "max"): Translator {
  return (o) => {
    const dataFormat = o.oneOf("data_format", FORMATS, "channels_last");
    if (o.bool("keepdims", false)) {
      return { className: "KerasGlobalPooling2DKeepDims", config: { mode, data_format: dataFormat } };
    }
    return { className: cls, config: { data_format: dataFormat } };
  };
}

function identity(kerasClass: string): Translator {
  // Training-only layer: every option is inert at inference, so all are read.
  return (o) => {
    for (const k of Object.keys(o.config)) o.get(k);
    return { className: "KerasInferenceIdentity", config: { keras_class: kerasClass } };
  };
}

function merge(cls: string): Translator {
  return () => ({ className: cls, config: {} });
}

/** Keras class name → translator. */
export const TRANSLATORS: Record<string, Translator> = {
  Dense: (o, d) => {
    const useBias = o.bool("use_bias", true);
    return {
      className: "Dense",
      config: { units: o.get("units"), activation: activation(o, d), use_bias: useBias },
      weights: useBias ? [W("kernel"), W("bias")] : [W("kernel")],
    };
  },
  Conv2D: (o, d) => {
    const common = conv2dCommon(o, d);
    return {
      className: "Conv2D",
      config: { filters: o.get("filters"), ...common },
      weights: common.use_bias ? [W("kernel"), W("bias")] : [W("kernel")],
    };
  },
  DepthwiseConv2D: (o, d) => {
    const common = conv2dCommon(o, d);
    o.expect("filters", () => false, "not a DepthwiseConv2D option");
    // Keras 3 names the depthwise kernel "kernel", Keras 2 "depthwise_kernel".
    const kernel = W("depthwise_kernel", "kernel");
    return {
      className: "DepthwiseConv2D",
      config: { depth_multiplier: o.number("depth_multiplier", 1), ...common },
      weights: common.use_bias ? [kernel, W("bias")] : [kernel],
    };
  },
  SeparableConv2D: (o, d) => {
    const common = conv2dCommon(o, d);
    const w = [W("depthwise_kernel"), W("pointwise_kernel")];
    return {
      className: "SeparableConv2D",
      config: { filters: o.get("filters"), depth_multiplier: o.number("depth_multiplier", 1), ...common },
      weights: common.use_bias ? [...w, W("bias")] : w,
    };
  },
  MaxPooling2D: pooling("MaxPooling2D"),
  AveragePooling2D: pooling("AveragePooling2D"),
  GlobalAveragePooling2D: globalPooling("GlobalAveragePooling2D", "avg"),
  GlobalMaxPooling2D: globalPooling("GlobalMaxPooling2D", "max"),
  Flatten: (o) => ({ className: "Flatten", config: { data_format: o.oneOf("data_format", FORMATS, "channels_last") } }),
  Reshape: (o) => ({ className: "Reshape", config: { target_shape: o.get("target_shape") } }),
  ZeroPadding2D: (o) => ({
    className: "ZeroPadding2D",
    config: { padding: o.get("padding") ?? [1, 1], data_format: o.oneOf("data_format", FORMATS, "channels_last") },
  }),
  Dropout: (o) => ({ className: "Dropout", config: { rate: o.number("rate", 0) } }),
  BatchNormalization: (o) => {
    const axis = o.get("axis") ?? -1;
    const ax = Array.isArray(axis) && axis.length === 1 ? axis[0] : axis;
    if (typeof ax !== "number") o.unsupported("axis", axis, "only a single axis is supported");
    o.expect("renorm", (v) => v === false, "batch renormalisation is not supported");
    o.expect("virtual_batch_size", () => false, "ghost batch normalisation is not supported");
    o.expect("adjustment", () => false, "adjustment functions are not supported");
    const center = o.bool("center", true);
    const scale = o.bool("scale", true);
    const weights = [
      ...(scale ? [W("gamma")] : []),
      ...(center ? [W("beta")] : []),
      W("moving_mean"),
      W("moving_variance"),
    ];
    return {
      className: "KerasBatchNormalization",
      config: { axis: ax, epsilon: o.number("epsilon", 1e-3), center, scale },
      weights,
    };
  },
  Activation: (o, d) => ({ className: "Activation", config: { activation: activation(o, d) } }),
  ReLU: (o) => {
    const maxValue = o.get("max_value");
    if (maxValue !== null && maxValue !== undefined && typeof maxValue !== "number") {
      o.unsupported("max_value", maxValue, "expected a number");
    }
    const slope = o.number("negative_slope", 0);
    const threshold = o.number("threshold", 0);
    if (slope === 0 && threshold === 0) {
      return { className: "ReLU", config: { max_value: maxValue ?? null } };
    }
    return { className: "KerasReLU", config: { max_value: maxValue ?? null, negative_slope: slope, threshold } };
  },
  LeakyReLU: (o, d) => {
    // Keras 3 calls it negative_slope (default 0.2); Keras 2 alpha (default 0.3); tfjs alpha (0.3).
    const fallback = d.kerasMajor === 3 ? 0.2 : 0.3;
    const slope = o.has("negative_slope") ? o.number("negative_slope", fallback) : o.number("alpha", fallback);
    o.get("negative_slope");
    o.get("alpha");
    return { className: "LeakyReLU", config: { alpha: slope } };
  },
  ELU: (o) => ({ className: "ELU", config: { alpha: o.number("alpha", 1) } }),
  Softmax: (o) => {
    const axis = o.get("axis") ?? -1;
    const ax = Array.isArray(axis) && axis.length === 1 ? axis[0] : axis;
    if (typeof ax !== "number") o.unsupported("axis", axis, "only a single axis is supported");
    return { className: "Softmax", config: { axis: ax } };
  },
  Rescaling: (o) => {
    const scale = o.get("scale");
    const offset = o.get("offset") ?? 0;
    const numeric = (v: unknown) => typeof v === "number" || (Array.isArray(v) && v.every((x) => typeof x === "number"));
    if (!numeric(scale)) o.unsupported("scale", scale, "expected a number or a list of numbers");
    if (!numeric(offset)) o.unsupported("offset", offset, "expected a number or a list of numbers");
    return { className: "Rescaling", config: { scale, offset } };
  },
  Normalization: (o) => {
    const axis = o.get("axis");
    const mean = o.get("mean") ?? null;
    const variance = o.get("variance") ?? null;
    const okAxis = axis === null || axis === undefined || typeof axis === "number" || (Array.isArray(axis) && axis.every((a) => typeof a === "number"));
    if (!okAxis) o.unsupported("axis", axis, "expected an integer, a list of integers or null");
    const numeric = (v: unknown) => v === null || typeof v === "number" || (Array.isArray(v) && v.every((x) => typeof x === "number"));
    if (!numeric(mean) || !numeric(variance) || (mean === null) !== (variance === null)) {
      o.unsupported("mean/variance", { mean, variance }, "expected both numbers/lists, or both null (adapted)");
    }
    return {
      className: "KerasNormalization",
      config: { axis: axis === undefined ? -1 : axis, mean, variance, invert: o.bool("invert", false) },
      weights: mean === null ? [W("mean"), W("variance"), W("count")] : [],
    };
  },
  PReLU: (o) => {
    const shared = o.get("shared_axes") ?? null;
    return { className: "PReLU", config: { shared_axes: shared }, weights: [W("alpha")] };
  },
  LayerNormalization: (o) => {
    o.expect("rms_scaling", (v) => v === false, "RMS scaling is not supported");
    const center = o.bool("center", true);
    const scale = o.bool("scale", true);
    return {
      className: "LayerNormalization",
      config: { axis: o.get("axis") ?? -1, epsilon: o.number("epsilon", 1e-3), center, scale },
      weights: [...(scale ? [W("gamma")] : []), ...(center ? [W("beta")] : [])],
    };
  },
  UpSampling2D: (o) => ({
    className: "UpSampling2D",
    config: {
      size: o.get("size") ?? [2, 2],
      data_format: o.oneOf("data_format", FORMATS, "channels_last"),
      // tfjs's bilinear resize does not use Keras's half-pixel centres, so only nearest is exact.
      interpolation: o.oneOf("interpolation", ["nearest"] as const, "nearest"),
    },
  }),
  Cropping2D: (o) => ({
    className: "Cropping2D",
    config: { cropping: o.get("cropping") ?? [[0, 0], [0, 0]], data_format: o.oneOf("data_format", FORMATS, "channels_last") },
  }),
  Permute: (o) => ({ className: "Permute", config: { dims: o.get("dims") } }),
  Identity: identity("Identity"),
  Add: merge("Add"),
  Multiply: merge("Multiply"),
  Average: merge("Average"),
  Maximum: merge("Maximum"),
  Minimum: merge("Minimum"),
  Concatenate: (o) => ({ className: "Concatenate", config: { axis: o.number("axis", -1) } }),
  SpatialDropout1D: identity("SpatialDropout1D"),
  SpatialDropout2D: identity("SpatialDropout2D"),
  SpatialDropout3D: identity("SpatialDropout3D"),
  GaussianNoise: identity("GaussianNoise"),
  GaussianDropout: identity("GaussianDropout"),
  AlphaDropout: identity("AlphaDropout"),
  ActivityRegularization: identity("ActivityRegularization"),
  RandomRotation: identity("RandomRotation"),
  RandomZoom: identity("RandomZoom"),
  RandomTranslation: identity("RandomTranslation"),
  RandomFlip: identity("RandomFlip"),
  RandomContrast: identity("RandomContrast"),
  RandomBrightness: identity("RandomBrightness"),
  TFOpLambda: translateTFOpLambda,
};
