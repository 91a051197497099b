import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { ModelLoadError } from "./errors.js";
import { readKerasModel } from "./load.js";
import type { LayerSpec, ModelSpec } from "./test-keras-spec.js";
import { arr, expectReferenceOutputs } from "./test-check-output.js";
import { k2Dense, k2Layer, legacyH5 } from "./test-raw-files.js";

/** A tf.keras 2.x Functional layer entry with its Keras 2 inbound node (call kwargs included). */
const node = (layer: Record<string, unknown>, from: string, kwargs: Record<string, unknown> = {}) => ({
  ...layer,
  name: (layer.config as { name: string }).name,
  inbound_nodes: [[[from, 0, 0, kwargs]]],
});
const op = (name: string, fn: string) => ({ class_name: "TFOpLambda", config: { name, trainable: true, dtype: "float32", function: fn } });
const input = { class_name: "InputLayer", config: { batch_input_shape: [null, 28, 28], dtype: "float32", sparse: false, ragged: false, name: "input_1" }, name: "input_1", inbound_nodes: [] };

function functional(layers: unknown[], output: string) {
  return { class_name: "Functional", config: { name: "model", layers: [input, ...layers], input_layers: [["input_1", 0, 0]], output_layers: [[output, 0, 0]] } };
}

describe("tf.keras 2.x Functional models with TensorFlow calls (TFOpLambda layers)", () => {
  before(async () => {
    await tf.setBackend("cpu");
  });

  it("loads inputs / 255.0, tf.expand_dims(x, -1) and tf.nn.softmax as the equivalent layers compute them", async () => {
    const conv: LayerSpec = {
      cls: "Conv2D",
      name: "conv2d",
      cfg: { filters: 2, kernel_size: [3, 3], strides: [2, 2], padding: "valid", data_format: "channels_last", dilation_rate: [1, 1], groups: 1, activation: "relu", use_bias: true },
      weights: [["kernel", arr([3, 3, 1, 2], 5, 2)], ["bias", arr([2], 6, 0.1)]],
      inbound: ["tf.math.truediv"],
    };
    const head: LayerSpec = { cls: "Dense", name: "dense", cfg: { units: 10, activation: "linear" }, weights: [["kernel", arr([13 * 13 * 2, 10], 7)], ["bias", arr([10], 8, 0.1)]], inbound: ["flatten"] };
    const spec: ModelSpec = {
      kind: "Functional",
      name: "model",
      inputs: ["input_1"],
      outputs: ["tf.nn.softmax"],
      layers: [
        { cls: "InputLayer", name: "input_1", cfg: { shape: [28, 28] } },
        { cls: "Reshape", name: "tf.expand_dims", cfg: { target_shape: [28, 28, 1] }, inbound: ["input_1"] },
        { cls: "Rescaling", name: "tf.math.truediv", cfg: { scale: 1 / 255, offset: 0 }, inbound: ["tf.expand_dims"] },
        conv,
        { cls: "Flatten", name: "flatten", inbound: ["conv2d"] },
        head,
        { cls: "Softmax", name: "tf.nn.softmax", inbound: ["dense"] },
      ],
    };
    const config = functional(
      [
        node(op("tf.expand_dims", "expand_dims"), "input_1", { axis: -1 }),
        node(op("tf.math.truediv", "math.truediv"), "tf.expand_dims", { y: 255.0, name: null }),
        node(k2Layer("Conv2D", "conv2d", conv.cfg), "tf.math.truediv"),
        node(k2Layer("Flatten", "flatten", { data_format: "channels_last" }), "conv2d"),
        node(k2Dense("dense", 10, "linear"), "flatten"),
        node(op("tf.nn.softmax", "nn.softmax"), "dense", { name: null }),
      ],
      "tf.nn.softmax",
    );
    const w = (l: LayerSpec, i: number) => l.weights![i]![1];
    const bytes = await legacyH5({
      config,
      kerasVersion: "2.12.0",
      groups: {
        input_1: [],
        "tf.expand_dims": [],
        "tf.math.truediv": [],
        conv2d: [["conv2d/kernel:0", w(conv, 0)], ["conv2d/bias:0", w(conv, 1)]],
        flatten: [],
        dense: [["dense/kernel:0", w(head, 0)], ["dense/bias:0", w(head, 1)]],
        "tf.nn.softmax": [],
      },
    });
    const r = await expectReferenceOutputs(bytes, spec, [28, 28], "legacy-h5");
    assert.equal(r.outputIsProbabilities, true);
  });

  it("refuses a TensorFlow call whose operand is a tensor or whose function is unknown, naming it", async () => {
    const cases: Array<[unknown[], string, RegExp]> = [
      [[node(op("tf.math.multiply", "math.multiply"), "input_1", { y: ["input_1", 0, 0], name: null })], "tf.math.multiply", /math\.multiply\(y\)/],
      [[node(op("tf.signal.fft", "signal.fft"), "input_1")], "tf.signal.fft", /signal\.fft/],
    ];
    for (const [layers, out, pattern] of cases) {
      const bytes = await legacyH5({ config: functional(layers, out), kerasVersion: "2.12.0", groups: { input_1: [] } });
      const err = await readKerasModel(bytes).then(() => assert.fail("expected UNSUPPORTED_OPTION"), (e: unknown) => e);
      assert.ok(err instanceof ModelLoadError, String(err));
      assert.equal(err.code, "UNSUPPORTED_OPTION");
      assert.match(err.message, pattern);
      assert.match(err.message, new RegExp(out.replace(/\./g, "\\.")));
    }
  });
});
