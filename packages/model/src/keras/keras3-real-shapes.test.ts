import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import type { LayerSpec, ModelSpec } from "./test-keras-spec.js";
import { arr, expectReferenceOutputs } from "./test-check-output.js";
import { k3Layer, kerasZip, kt, policy } from "./test-raw-files.js";

const dense = (name: string, inp: number, units: number, activation: string, seed: number): LayerSpec => ({
  cls: "Dense",
  name,
  cfg: { units, activation },
  weights: [["kernel", arr([inp, units], seed)], ["bias", arr([units], seed + 1, 0.1)]],
});
const w = (l: LayerSpec, i: number) => l.weights![i]![1];
const denseCfg = (units: number, activation: string) => ({
  units,
  activation,
  use_bias: true,
  kernel_initializer: { module: "keras.initializers", class_name: "GlorotUniform", config: { seed: null }, registered_name: null, shared_object_id: 139872 },
  bias_initializer: { module: "keras.initializers", class_name: "Zeros", config: {}, registered_name: null },
  kernel_regularizer: null,
  bias_regularizer: null,
  kernel_constraint: null,
  bias_constraint: null,
});
const compileConfig = {
  optimizer: { module: "keras.optimizers", class_name: "Adam", config: { name: "adam", learning_rate: 0.001 }, registered_name: null },
  loss: { module: "keras.losses", class_name: "SparseCategoricalCrossentropy", config: { name: "sparse_categorical_crossentropy", from_logits: true }, registered_name: null },
  loss_weights: null,
  metrics: ["accuracy"],
  weighted_metrics: null,
  run_eagerly: false,
  steps_per_execution: 1,
  jit_compile: false,
};

describe("Keras 3 .keras files shaped as Keras 3.x saves them", () => {
  before(async () => {
    await tf.setBackend("cpu");
  });

  it("loads a Functional model with Input(optional, sparse, ragged), keras.src module paths, string and mixed_float16 dtypes, args/kwargs nodes and logits", async () => {
    const hidden = dense("hidden", 784, 6, "relu", 11);
    const logits = dense("logits", 6, 10, "linear", 21);
    const spec: ModelSpec = {
      kind: "Functional",
      name: "digits",
      inputs: ["pixels"],
      outputs: ["logits"],
      layers: [
        { cls: "InputLayer", name: "pixels", cfg: { shape: [28, 28] } },
        { cls: "Flatten", name: "flatten", inbound: ["pixels"] },
        { ...hidden, inbound: ["flatten"] },
        { cls: "Dropout", name: "drop", inbound: ["hidden"] },
        { ...logits, inbound: ["drop"] },
      ],
    };
    const node = (from: string, shape: Array<number | null>, kwargs: Record<string, unknown> = {}) => [{ args: [kt(from, shape)], kwargs }];
    const config = {
      module: "keras.src.models.functional",
      class_name: "Functional",
      config: {
        name: "digits",
        trainable: true,
        layers: [
          {
            module: "keras.layers",
            class_name: "InputLayer",
            config: { batch_shape: [null, 28, 28], dtype: "float32", sparse: false, ragged: false, optional: false, name: "pixels" },
            registered_name: null,
            name: "pixels",
            inbound_nodes: [],
          },
          k3Layer("Flatten", "flatten", { data_format: "channels_last" }, { build_config: { input_shape: [null, 28, 28] }, name: "flatten", inbound_nodes: node("pixels", [null, 28, 28]) }),
          {
            ...k3Layer("Dense", "hidden", { ...denseCfg(6, "relu"), dtype: policy("mixed_float16"), quantization_config: null }, { build_config: { input_shape: [null, 784] }, name: "hidden", inbound_nodes: node("flatten", [null, 784]) }),
            module: "keras.src.layers.core.dense",
          },
          k3Layer("Dropout", "drop", { rate: 0.25, seed: null, noise_shape: null }, { name: "drop", inbound_nodes: node("hidden", [null, 6], { training: false }) }),
          k3Layer("Dense", "logits", { ...denseCfg(10, "linear"), dtype: "float32" }, { build_config: { input_shape: [null, 6] }, name: "logits", inbound_nodes: node("drop", [null, 6], { mask: null }) }),
        ],
        input_layers: [["pixels", 0, 0]],
        output_layers: [["logits", 0, 0]],
      },
      registered_name: "Functional",
      build_config: { input_shape: null },
      compile_config: compileConfig,
    };
    const bytes = await kerasZip(config, "3.6.0", {
      "layers/dense/vars/0": w(hidden, 0),
      "layers/dense/vars/1": w(hidden, 1),
      "layers/dense_1/vars/0": w(logits, 0),
      "layers/dense_1/vars/1": w(logits, 1),
    });
    const r = await expectReferenceOutputs(bytes, spec, [28, 28], "keras3");
    assert.equal(r.format, "keras3");
    assert.equal(r.outputIsProbabilities, false);
    assert.equal(r.outputActivation, "linear");
  });

  it("loads a Sequential saved without InputLayer (build_input_shape only), Reshape to (28, 28, 1), Conv2D, global pooling and softmax", async () => {
    const conv: LayerSpec = {
      cls: "Conv2D",
      name: "conv2d",
      cfg: { filters: 3, kernel_size: [3, 3], strides: [1, 1], padding: "valid", data_format: "channels_last", dilation_rate: [1, 1], groups: 1, activation: "relu", use_bias: true },
      weights: [["kernel", arr([3, 3, 1, 3], 31)], ["bias", arr([3], 32, 0.1)]],
    };
    const head = dense("dense", 3, 10, "softmax", 41);
    const spec: ModelSpec = {
      kind: "Sequential",
      name: "sequential",
      layers: [
        { cls: "Reshape", name: "reshape", cfg: { target_shape: [28, 28, 1] } },
        conv,
        { cls: "GlobalAveragePooling2D", name: "gap", cfg: { data_format: "channels_last", keepdims: false } },
        head,
      ],
    };
    const config = {
      module: "keras",
      class_name: "Sequential",
      config: {
        name: "sequential",
        trainable: true,
        dtype: policy("float32"),
        layers: [
          k3Layer("Reshape", "reshape", { target_shape: [28, 28, 1] }, { build_config: { input_shape: [null, 28, 28] } }),
          k3Layer("Conv2D", "conv2d", { ...conv.cfg, kernel_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, bias_constraint: null }, { build_config: { input_shape: [null, 28, 28, 1] } }),
          k3Layer("GlobalAveragePooling2D", "gap", { data_format: "channels_last", keepdims: false }, { build_config: { input_shape: [null, 26, 26, 3] } }),
          k3Layer("Dense", "dense", denseCfg(10, "softmax"), { build_config: { input_shape: [null, 3] } }),
        ],
        build_input_shape: [null, 28, 28],
      },
      registered_name: null,
      build_config: { input_shape: [null, 28, 28] },
      compile_config: compileConfig,
    };
    const bytes = await kerasZip(config, "3.3.3", {
      "layers/conv2d/vars/0": w(conv, 0),
      "layers/conv2d/vars/1": w(conv, 1),
      "layers/dense/vars/0": w(head, 0),
      "layers/dense/vars/1": w(head, 1),
    });
    const r = await expectReferenceOutputs(bytes, spec, [28, 28], "keras3");
    assert.equal(r.outputIsProbabilities, true);
    assert.equal(r.kerasVersion, "3.3.3");
  });
});

describe("Keras 3 Functional models with arithmetic on tensors (keras.src.ops operations)", () => {
  before(async () => {
    await tf.setBackend("cpu");
  });

  it("loads inputs / 255.0 and 1.0 - x stored as TrueDivide and Subtract operations", async () => {
    const head = dense("dense", 784, 10, "softmax", 51);
    const spec: ModelSpec = {
      kind: "Functional",
      name: "ops",
      inputs: ["input_layer"],
      outputs: ["dense"],
      layers: [
        { cls: "InputLayer", name: "input_layer", cfg: { shape: [28, 28, 1] } },
        { cls: "Rescaling", name: "true_divide", cfg: { scale: 1 / 255, offset: 0 }, inbound: ["input_layer"] },
        { cls: "Rescaling", name: "subtract", cfg: { scale: -1, offset: 1 }, inbound: ["true_divide"] },
        { cls: "Flatten", name: "flatten", inbound: ["subtract"] },
        { ...head, inbound: ["flatten"] },
      ],
    };
    const op = (cls: string, name: string, args: unknown[]) => ({
      module: "keras.src.ops.numpy",
      class_name: cls,
      config: { name },
      registered_name: cls,
      name,
      inbound_nodes: [{ args, kwargs: {} }],
    });
    const config = {
      module: "keras.src.models.functional",
      class_name: "Functional",
      config: {
        name: "ops",
        trainable: true,
        layers: [
          { module: "keras.layers", class_name: "InputLayer", config: { batch_shape: [null, 28, 28, 1], dtype: "float32", sparse: false, name: "input_layer" }, registered_name: null, name: "input_layer", inbound_nodes: [] },
          op("TrueDivide", "true_divide", [kt("input_layer", [null, 28, 28, 1]), 255.0]),
          op("Subtract", "subtract", [1.0, kt("true_divide", [null, 28, 28, 1])]),
          k3Layer("Flatten", "flatten", { data_format: "channels_last" }, { name: "flatten", inbound_nodes: [{ args: [kt("subtract", [null, 28, 28, 1])], kwargs: {} }] }),
          k3Layer("Dense", "dense", denseCfg(10, "softmax"), { name: "dense", inbound_nodes: [{ args: [kt("flatten", [null, 784])], kwargs: {} }] }),
        ],
        input_layers: [["input_layer", 0, 0]],
        output_layers: [["dense", 0, 0]],
      },
      registered_name: "Functional",
    };
    const bytes = await kerasZip(config, "3.5.0", { "layers/dense/vars/0": w(head, 0), "layers/dense/vars/1": w(head, 1) });
    const r = await expectReferenceOutputs(bytes, spec, [28, 28, 1], "keras3");
    assert.equal(r.outputIsProbabilities, true);
  });
});
