import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ErrorContext, ModelLoadError } from "./errors.js";
import { toSnakeCase, type Dialect } from "./keras-config.js";
import { translateActivation } from "./translate-activation.js";
import { translateLayer } from "./translate-layer.js";

const ctx = new ErrorContext("m.keras");
const k3: Dialect = { kerasMajor: 3 };
const k2: Dialect = { kerasMajor: 2 };
const tr = (cls: string, cfg: Record<string, unknown>, d: Dialect = k3) => translateLayer(cls, { name: "l", ...cfg }, `"l" (${cls})`, d, ctx, []);

describe("translating single Keras layers", () => {
  it("gives LeakyReLU Keras 3's default slope 0.2 and Keras 2's 0.3 when the config omits it", () => {
    assert.equal(tr("LeakyReLU", {}, k3).config.alpha, 0.2);
    assert.equal(tr("LeakyReLU", {}, k2).config.alpha, 0.3);
    assert.equal(tr("LeakyReLU", { negative_slope: 0.1 }, k3).config.alpha, 0.1);
    assert.equal(tr("LeakyReLU", { alpha: 0.05 }, k2).config.alpha, 0.05);
  });

  it("maps hard_sigmoid to each Keras version's own definition", () => {
    assert.equal(translateActivation("hard_sigmoid", k3), "kerasHardSigmoid3");
    assert.equal(translateActivation("hard_sigmoid", k2), "kerasHardSigmoid2");
    assert.equal(translateActivation({ module: "keras.activations", class_name: "function", config: "silu", registered_name: "function" }, k2), "swish");
    assert.equal(translateActivation("no_such_thing", k3), null);
  });

  it("keeps tfjs's ReLU for a plain ReLU and uses the full Keras ReLU otherwise", () => {
    assert.equal(tr("ReLU", { max_value: 6, negative_slope: 0, threshold: 0 }).className, "ReLU");
    assert.equal(tr("ReLU", { max_value: null, negative_slope: 0.1, threshold: 0 }).className, "KerasReLU");
  });

  it("refuses grouped convolutions and unknown non-default options, naming the option", () => {
    const conv = { filters: 4, kernel_size: [3, 3], activation: "relu" };
    assert.throws(() => tr("Conv2D", { ...conv, groups: 2 }), (e: unknown) => e instanceof ModelLoadError && e.code === "UNSUPPORTED_OPTION" && e.option === "groups=2");
    assert.throws(() => tr("Conv2D", { ...conv, some_future_flag: true }), /some_future_flag/);
    assert.doesNotThrow(() => tr("Conv2D", { ...conv, lora_rank: null, kernel_regularizer: { class_name: "L2" } }));
  });

  it("accepts mixed-precision policies (computed in float32) but refuses integer layers", () => {
    const notes: string[] = [];
    translateLayer("Dense", { name: "d", units: 2, dtype: { class_name: "DTypePolicy", config: { name: "mixed_float16" } } }, "d", k3, ctx, notes);
    assert.match(notes[0] ?? "", /float32/);
    assert.throws(() => tr("Dense", { units: 2, dtype: "int32" }), /dtype/);
  });

  it("reads Keras 2's list-valued BatchNormalization axis and refuses bilinear upsampling", () => {
    assert.equal(tr("BatchNormalization", { axis: [3] }, k2).config.axis, 3);
    assert.throws(() => tr("UpSampling2D", { size: [2, 2], interpolation: "bilinear" }), /interpolation/);
  });

  it("refuses a layer type it does not know with UNSUPPORTED_LAYER naming the layer", () => {
    assert.throws(() => tr("Lambda", { function: "..." }), (e: unknown) => e instanceof ModelLoadError && e.code === "UNSUPPORTED_LAYER" && /Lambda/.test(e.message) && /m\.keras/.test(e.message));
  });

  it("derives weight-file names from class names the way Keras does", () => {
    assert.equal(toSnakeCase("Conv2D"), "conv2d");
    assert.equal(toSnakeCase("BatchNormalization"), "batch_normalization");
    assert.equal(toSnakeCase("DepthwiseConv2D"), "depthwise_conv2d");
    assert.equal(toSnakeCase("SeparableConv2D"), "separable_conv2d");
  });
});
