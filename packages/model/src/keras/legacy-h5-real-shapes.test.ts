import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import type { LayerSpec, ModelSpec } from "./test-keras-spec.js";
import { arr, expectReferenceOutputs } from "./test-check-output.js";
import { k2Dense, k2Layer, legacyH5, policy } from "./test-raw-files.js";

const conv = (name: string, filters: number, cin: number, seed: number, cfg: Record<string, unknown> = {}): LayerSpec => ({
  cls: "Conv2D",
  name,
  cfg: { filters, kernel_size: [3, 3], strides: [1, 1], padding: "valid", data_format: "channels_last", dilation_rate: [1, 1], groups: 1, activation: "relu", use_bias: true, ...cfg },
  weights: [["kernel", arr([3, 3, cin, filters], seed)], ["bias", arr([filters], seed + 1, 0.1)]],
});
const dense = (name: string, inp: number, units: number, activation: string, seed: number): LayerSpec => ({
  cls: "Dense",
  name,
  cfg: { units, activation },
  weights: [["kernel", arr([inp, units], seed)], ["bias", arr([units], seed + 1, 0.1)]],
});
const w = (l: LayerSpec, i: number) => l.weights![i]![1];

describe("legacy HDF5 files shaped as tf.keras 2.x and Keras 3 save them", () => {
  before(async () => {
    await tf.setBackend("cpu");
  });

  it("loads a tf.keras 2.4 Sequential with no InputLayer, Flatten(input_shape=(28, 28)) first, a training config and optimizer weights, and flags its logits", async () => {
    const d1 = dense("dense", 784, 8, "relu", 10);
    const d2 = dense("dense_1", 8, 10, "linear", 20);
    const spec: ModelSpec = { kind: "Sequential", name: "sequential", layers: [{ cls: "Flatten", name: "flatten" }, d1, { cls: "Dropout", name: "dropout" }, d2] };
    const config = {
      class_name: "Sequential",
      config: {
        name: "sequential",
        layers: [
          k2Layer("Flatten", "flatten", { batch_input_shape: [null, 28, 28], data_format: "channels_last" }),
          k2Dense("dense", 8, "relu"),
          k2Layer("Dropout", "dropout", { rate: 0.2, noise_shape: null, seed: null }),
          k2Dense("dense_1", 10, "linear"),
        ],
      },
    };
    const bytes = await legacyH5({
      config,
      kerasVersion: "2.4.0",
      trained: true,
      groups: {
        flatten: [],
        dense: [["dense/kernel:0", w(d1, 0)], ["dense/bias:0", w(d1, 1)]],
        dropout: [],
        dense_1: [["dense_1/kernel:0", w(d2, 0)], ["dense_1/bias:0", w(d2, 1)]],
      },
    });
    const r = await expectReferenceOutputs(bytes, spec, [28, 28], "legacy-h5");
    assert.equal(r.format, "legacy-h5");
    assert.equal(r.kerasVersion, "2.4.0");
    assert.equal(r.outputIsProbabilities, false);
    assert.equal(r.outputActivation, "linear");
  });

  it("loads Reshape((28, 28, 1), input_shape=(784,)) first, tuples written as __tuple__ objects, and TF 2.0's softmax_v2", async () => {
    const c = conv("conv2d", 2, 1, 30);
    const d = dense("dense", 13 * 13 * 2, 10, "softmax", 40);
    const spec: ModelSpec = {
      kind: "Sequential",
      name: "cnn",
      layers: [
        { cls: "Reshape", name: "reshape", cfg: { target_shape: [28, 28, 1] } },
        c,
        { cls: "MaxPooling2D", name: "max_pooling2d", cfg: { pool_size: [2, 2], strides: [2, 2], padding: "valid", data_format: "channels_last" } },
        { cls: "Flatten", name: "flatten" },
        d,
      ],
    };
    const tuple = (...items: number[]) => ({ class_name: "__tuple__", items });
    const config = {
      class_name: "Sequential",
      config: {
        name: "cnn",
        layers: [
          k2Layer("Reshape", "reshape", { input_shape: [784], target_shape: tuple(28, 28, 1) }),
          k2Layer("Conv2D", "conv2d", { ...c.cfg, kernel_size: tuple(3, 3), strides: tuple(1, 1), dilation_rate: tuple(1, 1) }),
          k2Layer("MaxPooling2D", "max_pooling2d", { pool_size: tuple(2, 2), strides: tuple(2, 2), padding: "valid", data_format: "channels_last" }),
          k2Layer("Flatten", "flatten", { data_format: "channels_last" }),
          k2Dense("dense", 10, "softmax_v2"),
        ],
      },
    };
    const bytes = await legacyH5({
      config,
      kerasVersion: "2.15.0",
      groups: {
        reshape: [],
        conv2d: [["conv2d/kernel:0", w(c, 0)], ["conv2d/bias:0", w(c, 1)]],
        max_pooling2d: [],
        flatten: [],
        dense: [["dense/kernel:0", w(d, 0)], ["dense/bias:0", w(d, 1)]],
      },
    });
    const r = await expectReferenceOutputs(bytes, spec, [784], "legacy-h5");
    assert.equal(r.outputIsProbabilities, true);
  });

  it("places weights whose paths name other layers (renamed after building), in a nested Sequential with trainable-first order and a uniquified kernel_1", async () => {
    const hidden = dense("hidden", 6, 4, "relu", 50);
    const bn: LayerSpec = {
      cls: "BatchNormalization",
      name: "bn",
      cfg: { axis: -1, epsilon: 0.001, center: true, scale: true },
      weights: [["gamma", arr([4], 60, 0.2)], ["beta", arr([4], 61, 0.2)], ["moving_mean", arr([4], 62, 0.2)], ["moving_variance", { shape: [4], data: Float32Array.from([1, 1.5, 0.7, 2]) }]],
    };
    const hidden2 = dense("hidden2", 4, 4, "tanh", 70);
    const head = dense("classifier", 4, 10, "softmax", 80);
    const inner: ModelSpec = { kind: "Sequential", name: "feature_block", layers: [{ cls: "InputLayer", name: "block_in", cfg: { shape: [6] } }, hidden, bn, hidden2] };
    const spec: ModelSpec = { kind: "Sequential", name: "outer", layers: [{ cls: "InputLayer", name: "input_1", cfg: { shape: [6] } }, { cls: "Sequential", name: "feature_block", nested: inner }, head] };
    const input = (name: string) => ({ class_name: "InputLayer", config: { batch_input_shape: [null, 6], dtype: "float32", sparse: false, ragged: false, name } });
    const config = {
      class_name: "Sequential",
      config: {
        name: "outer",
        layers: [
          input("input_1"),
          {
            class_name: "Sequential",
            config: {
              name: "feature_block",
              layers: [
                input("block_in"),
                k2Dense("hidden", 4, "relu"),
                k2Layer("BatchNormalization", "bn", { axis: [1], momentum: 0.99, epsilon: 0.001, center: true, scale: true }),
                k2Dense("hidden2", 4, "tanh"),
              ],
            },
          },
          k2Dense("classifier", 10, "softmax_v2"),
        ],
      },
    };
    const bytes = await legacyH5({
      config,
      kerasVersion: "2.11.0",
      groups: {
        // Keras writes a nested model's trainable weights first, then the non-trainable ones.
        feature_block: [
          ["dense_3/kernel:0", w(hidden, 0)],
          ["dense_3/bias:0", w(hidden, 1)],
          ["batch_normalization_7/gamma:0", w(bn, 0)],
          ["batch_normalization_7/beta:0", w(bn, 1)],
          ["dense_4/kernel:0", w(hidden2, 0)],
          ["dense_4/bias:0", w(hidden2, 1)],
          ["batch_normalization_7/moving_mean:0", w(bn, 2)],
          ["batch_normalization_7/moving_variance:0", w(bn, 3)],
        ],
        classifier: [["dense_5/kernel_1:0", w(head, 0)], ["dense_5/bias:0", w(head, 1)]],
      },
    });
    const r = await expectReferenceOutputs(bytes, spec, [6], "legacy-h5");
    assert.equal(r.outputIsProbabilities, true);
  });

  it("loads a Keras 3 .h5 of a channels_first CNN on (1, 28, 28) with Keras 3 weight paths and an empty top_level_model_weights", async () => {
    const c = conv("conv2d", 2, 1, 90, { padding: "same", data_format: "channels_first" });
    const d = dense("dense", 2 * 14 * 14, 10, "softmax", 100);
    const spec: ModelSpec = {
      kind: "Sequential",
      name: "sequential",
      layers: [
        { cls: "InputLayer", name: "input_layer", cfg: { shape: [1, 28, 28] } },
        c,
        { cls: "MaxPooling2D", name: "max_pooling2d", cfg: { pool_size: [2, 2], strides: [2, 2], padding: "valid", data_format: "channels_first" } },
        { cls: "Flatten", name: "flatten", cfg: { data_format: "channels_first" } },
        d,
      ],
    };
    const k3 = (cls: string, name: string, cfg: Record<string, unknown>) => ({ class_name: cls, config: { name, trainable: true, dtype: policy("float32"), ...cfg } });
    const config = {
      class_name: "Sequential",
      config: {
        name: "sequential",
        trainable: true,
        dtype: policy("float32"),
        layers: [
          { class_name: "InputLayer", config: { batch_shape: [null, 1, 28, 28], dtype: "float32", sparse: false, name: "input_layer" } },
          k3("Conv2D", "conv2d", { ...c.cfg, kernel_regularizer: null, activity_regularizer: null, lora_rank: null }),
          k3("MaxPooling2D", "max_pooling2d", spec.layers[2]!.cfg!),
          k3("Flatten", "flatten", { data_format: "channels_first" }),
          k3("Dense", "dense", { units: 10, activation: "softmax", use_bias: true }),
        ],
        build_input_shape: [null, 1, 28, 28],
      },
    };
    const bytes = await legacyH5({
      config,
      kerasVersion: "3.3.3",
      trained: true,
      groups: {
        conv2d: [["sequential/conv2d/kernel", w(c, 0)], ["sequential/conv2d/bias", w(c, 1)]],
        dense: [["sequential/dense/kernel", w(d, 0)], ["sequential/dense/bias", w(d, 1)]],
        flatten: [],
        max_pooling2d: [],
      },
    });
    const r = await expectReferenceOutputs(bytes, spec, [1, 28, 28], "legacy-h5-keras3");
    assert.equal(r.kerasVersion, "3.3.3");
  });
});
