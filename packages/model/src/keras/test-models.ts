// Test helper: the hand-made models that together use every supported layer
// and activation, with small deterministic weights.
import type { Arr } from "./test-h5-build.js";
import type { LayerSpec, ModelSpec } from "./test-keras-spec.js";

/** Deterministic pseudo-random numbers in [-1, 1) (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  };
}

function maker(seed: number) {
  const r = rng(seed);
  return (shape: number[], scale = 0.5, offset = 0): Arr => {
    const n = shape.reduce((a, b) => a * b, 1);
    return { shape, data: Float32Array.from({ length: n }, () => offset + r() * scale) };
  };
}

const dense = (name: string, inp: number, units: number, activation: string, w: ReturnType<typeof maker>): LayerSpec => ({
  cls: "Dense",
  name,
  cfg: { units, activation, use_bias: true },
  weights: [["kernel", w([inp, units])], ["bias", w([units], 0.1)]],
});

const bn = (name: string, c: number, w: ReturnType<typeof maker>): LayerSpec => ({
  cls: "BatchNormalization",
  name,
  cfg: { axis: -1, momentum: 0.99, epsilon: 0.001, center: true, scale: true },
  weights: [["gamma", w([c], 0.3, 1)], ["beta", w([c], 0.2)], ["moving_mean", w([c], 0.2)], ["moving_variance", w([c], 0.3, 1)]],
});

/** A Sequential CNN through every image layer, the augmentation layers and most activations. Input 8×8×2. */
export function cnnModel(): ModelSpec {
  const w = maker(1);
  return {
    kind: "Sequential",
    name: "sequential",
    layers: [
      { cls: "InputLayer", name: "input_layer", cfg: { shape: [8, 8, 2] } },
      { cls: "Rescaling", name: "rescaling", cfg: { scale: 0.5, offset: 0.1 } },
      {
        cls: "Normalization",
        name: "normalization",
        cfg: { axis: -1, mean: null, variance: null, invert: false },
        weights: [["mean", w([2], 0.3)], ["variance", w([2], 0.5, 1)], ["count", { shape: [], data: new Float32Array([60000]) }]],
      },
      { cls: "RandomFlip", name: "random_flip", cfg: { mode: "horizontal_and_vertical", seed: null } },
      { cls: "RandomRotation", name: "random_rotation", cfg: { factor: 0.1, fill_mode: "reflect", interpolation: "bilinear", seed: null, fill_value: 0.0 } },
      { cls: "RandomZoom", name: "random_zoom", cfg: { height_factor: 0.1, width_factor: null, fill_mode: "reflect", interpolation: "bilinear", seed: null, fill_value: 0.0 } },
      { cls: "RandomTranslation", name: "random_translation", cfg: { height_factor: 0.1, width_factor: 0.1, fill_mode: "reflect", interpolation: "bilinear", seed: null, fill_value: 0.0 } },
      { cls: "RandomContrast", name: "random_contrast", cfg: { factor: 0.2, seed: null } },
      { cls: "ZeroPadding2D", name: "zero_padding2d", cfg: { padding: [[1, 1], [1, 1]], data_format: "channels_last" } },
      {
        cls: "Conv2D",
        name: "conv2d",
        cfg: { filters: 4, kernel_size: [3, 3], strides: [1, 1], padding: "valid", data_format: "channels_last", dilation_rate: [1, 1], groups: 1, activation: "relu", use_bias: true },
        weights: [["kernel", w([3, 3, 2, 4])], ["bias", w([4], 0.1)]],
      },
      bn("batch_normalization", 4, w),
      {
        cls: "DepthwiseConv2D",
        name: "depthwise_conv2d",
        cfg: { kernel_size: [3, 3], strides: [1, 1], padding: "same", depth_multiplier: 2, data_format: "channels_last", dilation_rate: [1, 1], activation: "relu6", use_bias: true },
        weights: [["depthwise_kernel", w([3, 3, 4, 2])], ["bias", w([8], 0.1)]],
      },
      {
        cls: "SeparableConv2D",
        name: "separable_conv2d",
        cfg: { filters: 4, kernel_size: [3, 3], strides: [1, 1], padding: "same", data_format: "channels_last", dilation_rate: [1, 1], depth_multiplier: 1, activation: "elu", use_bias: true },
        weights: [["depthwise_kernel", w([3, 3, 8, 1])], ["pointwise_kernel", w([1, 1, 8, 4])], ["bias", w([4], 0.1)]],
      },
      { cls: "MaxPooling2D", name: "max_pooling2d", cfg: { pool_size: [2, 2], padding: "valid", strides: [2, 2], data_format: "channels_last" } },
      { cls: "SpatialDropout2D", name: "spatial_dropout2d", cfg: { rate: 0.2, seed: null } },
      {
        cls: "Conv2D",
        name: "conv2d_1",
        cfg: { filters: 3, kernel_size: [2, 2], strides: [1, 1], padding: "same", data_format: "channels_last", dilation_rate: [1, 1], groups: 1, activation: "leaky_relu", use_bias: true },
        weights: [["kernel", w([2, 2, 4, 3])], ["bias", w([3], 0.1)]],
      },
      { cls: "AveragePooling2D", name: "average_pooling2d", cfg: { pool_size: [2, 2], padding: "valid", strides: [2, 2], data_format: "channels_last" } },
      { cls: "Activation", name: "activation", cfg: { activation: "gelu" } },
      { cls: "ReLU", name: "re_lu", cfg: { max_value: 1.5, negative_slope: 0.1, threshold: 0.05 } },
      { cls: "LeakyReLU", name: "leaky_re_lu", cfg: { negative_slope: 0.25 } },
      { cls: "Flatten", name: "flatten", cfg: { data_format: "channels_last" } },
      { cls: "Dropout", name: "dropout", cfg: { rate: 0.3, seed: null, noise_shape: null } },
      dense("dense", 12, 8, "swish", w),
      dense("dense_1", 8, 6, "tanh", w),
      { cls: "Reshape", name: "reshape", cfg: { target_shape: [2, 3] } },
      { cls: "Flatten", name: "flatten_1", cfg: { data_format: "channels_last" } },
      dense("dense_2", 6, 6, "hard_sigmoid", w),
      dense("dense_3", 6, 5, "selu", w),
      dense("dense_4", 5, 5, "sigmoid", w),
      dense("dense_5", 5, 4, "silu", w),
      dense("dense_6", 4, 4, "linear", w),
      { cls: "ReLU", name: "re_lu_1", cfg: { max_value: null, negative_slope: 0.0, threshold: 0.0 } },
      dense("dense_7", 4, 3, "softmax", w),
    ],
  };
}

/** A Functional model with Add, Concatenate, global pooling, Softmax and a nested Sequential. Input 6×6×1. */
export function functionalModel(): ModelSpec {
  const w = maker(2);
  const conv = (name: string, filters: number, k: number, padding: string, activation: string, cin: number, inbound: string[]): LayerSpec => ({
    cls: "Conv2D",
    name,
    inbound,
    cfg: { filters, kernel_size: [k, k], strides: [1, 1], padding, data_format: "channels_last", dilation_rate: [1, 1], groups: 1, activation, use_bias: true },
    weights: [["kernel", w([k, k, cin, filters])], ["bias", w([filters], 0.1)]],
  });
  const inner: ModelSpec = {
    kind: "Sequential",
    name: "block",
    layers: [
      { cls: "InputLayer", name: "block_input", cfg: { shape: [6, 6, 3] } },
      conv("block_conv", 2, 3, "valid", "relu6", 3, []),
      bn("block_bn", 2, w),
    ],
  };
  inner.layers.forEach((l) => delete l.inbound);
  return {
    kind: "Functional",
    name: "functional",
    inputs: ["image"],
    outputs: ["probs"],
    layers: [
      { cls: "InputLayer", name: "image", cfg: { shape: [6, 6, 1] } },
      conv("conv_a", 3, 3, "same", "selu", 1, ["image"]),
      conv("conv_b", 3, 1, "valid", "tanh", 1, ["image"]),
      { cls: "Add", name: "add", inbound: ["conv_a", "conv_b"] },
      { cls: "Sequential", name: "block", nested: inner, inbound: ["add"] },
      { cls: "GlobalAveragePooling2D", name: "gap", cfg: { data_format: "channels_last", keepdims: false }, inbound: ["block"] },
      { cls: "GlobalMaxPooling2D", name: "gmp", cfg: { data_format: "channels_last", keepdims: false }, inbound: ["block"] },
      { cls: "Concatenate", name: "concat", cfg: { axis: -1 }, inbound: ["gap", "gmp"] },
      { ...dense("logits", 4, 3, "linear", w), inbound: ["concat"] },
      { cls: "Softmax", name: "probs", cfg: { axis: -1 }, inbound: ["logits"] },
    ],
  };
}

/** A Sequential holding a nested Sequential. Input 5. */
export function nestedSequentialModel(): ModelSpec {
  const w = maker(3);
  return {
    kind: "Sequential",
    name: "outer",
    layers: [
      { cls: "InputLayer", name: "outer_input", cfg: { shape: [5] } },
      {
        cls: "Sequential",
        name: "inner",
        nested: {
          kind: "Sequential",
          name: "inner",
          layers: [{ cls: "InputLayer", name: "inner_input", cfg: { shape: [5] } }, dense("inner_dense", 5, 4, "relu", w), dense("inner_dense_1", 4, 4, "elu", w)],
        },
      },
      dense("head", 4, 2, "softmax", w),
    ],
  };
}

/** A Functional model through the less common layers: cropping, upsampling, permute, PReLU, LayerNormalization, keepdims pooling, every merge. Input 6×6×2. */
export function extrasModel(): ModelSpec {
  const w = maker(4);
  const d = (name: string, inp: number, units: number, act: string, inbound: string[]): LayerSpec => ({ ...dense(name, inp, units, act, w), inbound });
  return {
    kind: "Functional",
    name: "extras",
    inputs: ["x"],
    outputs: ["out"],
    layers: [
      { cls: "InputLayer", name: "x", cfg: { shape: [6, 6, 2] } },
      { cls: "Cropping2D", name: "crop", cfg: { cropping: [[1, 0], [0, 1]], data_format: "channels_last" }, inbound: ["x"] },
      { cls: "UpSampling2D", name: "up", cfg: { size: [2, 2], data_format: "channels_last", interpolation: "nearest" }, inbound: ["crop"] },
      { cls: "Permute", name: "perm", cfg: { dims: [2, 1, 3] }, inbound: ["up"] },
      { cls: "PReLU", name: "prelu", cfg: { shared_axes: [1, 2] }, weights: [["alpha", w([1, 1, 2], 0.4, 0.2)]], inbound: ["perm"] },
      { cls: "Identity", name: "same", inbound: ["prelu"] },
      {
        cls: "LayerNormalization",
        name: "ln",
        cfg: { axis: -1, epsilon: 0.001, center: true, scale: true },
        weights: [["gamma", w([2], 0.3, 1)], ["beta", w([2], 0.2)]],
        inbound: ["same"],
      },
      { cls: "GlobalAveragePooling2D", name: "gap", cfg: { data_format: "channels_last", keepdims: true }, inbound: ["ln"] },
      { cls: "Flatten", name: "flat", cfg: { data_format: "channels_last" }, inbound: ["gap"] },
      d("d1", 2, 3, "relu", ["flat"]),
      d("d2", 2, 3, "tanh", ["flat"]),
      { cls: "Multiply", name: "mul", inbound: ["d1", "d2"] },
      { cls: "Average", name: "avg", inbound: ["d1", "d2"] },
      { cls: "Maximum", name: "max", inbound: ["d1", "d2"] },
      { cls: "Minimum", name: "min", inbound: ["d1", "d2"] },
      { cls: "Concatenate", name: "cat", cfg: { axis: -1 }, inbound: ["mul", "avg", "max", "min"] },
      d("out", 12, 2, "softmax", ["cat"]),
    ],
  };
}

/** A channels_first CNN (Theano-era layout): Conv2D, pooling, BatchNormalization(axis=1), Flatten. Input 2×5×5. */
export function channelsFirstModel(): ModelSpec {
  const w = maker(5);
  return {
    kind: "Sequential",
    name: "channels_first",
    layers: [
      { cls: "InputLayer", name: "cf_input", cfg: { shape: [2, 5, 5] } },
      {
        cls: "Conv2D",
        name: "cf_conv",
        cfg: { filters: 3, kernel_size: [3, 3], strides: [1, 1], padding: "same", data_format: "channels_first", dilation_rate: [1, 1], groups: 1, activation: "relu", use_bias: true },
        weights: [["kernel", w([3, 3, 2, 3])], ["bias", w([3], 0.1)]],
      },
      { cls: "MaxPooling2D", name: "cf_pool", cfg: { pool_size: [2, 2], padding: "valid", strides: [2, 2], data_format: "channels_first" } },
      { ...bn("cf_bn", 3, w), cfg: { axis: 1, momentum: 0.99, epsilon: 0.001, center: true, scale: true } },
      { cls: "Flatten", name: "cf_flatten", cfg: { data_format: "channels_first" } },
      dense("cf_dense", 12, 2, "softmax", w),
    ],
  };
}

/** Every hand-made model: a title, its builder and its input shape. */
export const HANDMADE_MODELS: Array<[string, () => ModelSpec, number[]]> = [
  ["a Sequential CNN using every image layer, Normalization, the augmentation layers and the activations", cnnModel, [8, 8, 2]],
  ["a Functional model with Add, Concatenate, global pooling, Softmax and a nested Sequential", functionalModel, [6, 6, 1]],
  ["a Sequential nested in a Sequential", nestedSequentialModel, [5]],
  ["a channels_first CNN", channelsFirstModel, [2, 5, 5]],
  ["a Functional model with cropping, upsampling, permute, PReLU, LayerNormalization, keepdims pooling and every merge", extrasModel, [6, 6, 2]],
];
