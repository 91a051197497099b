import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { silentLogger } from "@repo/logger";
import { selectBackend } from "../backend/select-backend.js";
import { logLines } from "../convention/test-log-lines.js";
import { readKerasModel } from "../keras/index.js";
import { registerCustomActivations } from "../keras/layers/custom-activations.js";
import { KerasBatchNormalization } from "../keras/layers/keras-batch-normalization.js";
import { FIXTURE_DIR, fixturesSkip } from "../keras/test-fixtures.js";
import { mnistSamples } from "./evaluate-mnist.js";
import { chooseForwardPass, fuseLayers, relativeDifference } from "./fused-forward.js";

const shippedModel = new URL("../../../../model/best_model.keras", import.meta.url).pathname;

/** Largest |fused − execute| over `x`, relative to the output's size. */
function mismatch(model: tf.LayersModel, x: tf.Tensor): number {
  const plan = fuseLayers(model);
  assert.ok(plan.ok, plan.ok ? "" : plan.reason);
  return tf.tidy(() => {
    const want = model.execute(x, model.outputs[0]!.name) as tf.Tensor;
    const got = plan.run(x);
    assert.deepEqual(got.shape, want.shape);
    return relativeDifference(got, want);
  });
}

function seededInput(shape: number[], seed: number, max = 1): tf.Tensor {
  return tf.randomUniform(shape, 0, max, "float32", seed);
}

/** `layer`, built when added, with seeded weights (moving variances kept positive). */
function withWeights<L extends tf.layers.Layer>(layer: L, seed: number): L {
  const build = layer.build.bind(layer);
  layer.build = (shape) => {
    build(shape);
    layer.setWeights(layer.getWeights().map((w, i) => tf.randomUniform(w.shape, 0.5, 1.5, "float32", seed + i)));
  };
  return layer;
}

/** Conv2D in every fusable configuration, both pooling kinds, Rescaling with an offset, and every separate activation. */
function everyFusableLayer(): tf.LayersModel {
  const m = tf.sequential();
  m.add(tf.layers.inputLayer({ inputShape: [12, 12, 2] }));
  m.add(tf.layers.rescaling({ scale: 1 / 255, offset: -0.5 }));
  m.add(tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: "valid", activation: "sigmoid" }));
  m.add(tf.layers.conv2d({ filters: 5, kernelSize: [2, 3], strides: 2, padding: "same", useBias: false, activation: "tanh" }));
  m.add(tf.layers.conv2d({ filters: 3, kernelSize: 2, dilationRate: 2, padding: "same", activation: "relu" }));
  m.add(withWeights(tf.layers.batchNormalization({ epsilon: 0.01 }), 21));
  m.add(tf.layers.rescaling({ scale: 20 })); // so that some values pass 6
  m.add(tf.layers.reLU({ maxValue: 6 }));
  m.add(tf.layers.reLU({}));
  m.add(tf.layers.averagePooling2d({ poolSize: 2, strides: 1, padding: "same" }));
  m.add(tf.layers.maxPooling2d({ poolSize: [2, 1] }));
  m.add(tf.layers.dropout({ rate: 0.5 }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 7, activation: "linear" }));
  m.add(tf.layers.activation({ activation: "relu" }));
  m.add(tf.layers.dense({ units: 6, useBias: false, activation: "tanh" }));
  // Keras's leaky_relu activation string, as the loader registers it.
  m.add(tf.layers.dense({ units: 6, activation: "kerasLeakyRelu" as never }));
  // The loader's own BatchNormalization (Keras files load as this), without beta.
  m.add(withWeights(new KerasBatchNormalization({ center: false }), 22));
  m.add(tf.layers.activation({ activation: "linear" }));
  m.add(tf.layers.dense({ units: 4 }));
  m.add(tf.layers.activation({ activation: "softmax" }));
  return m;
}

/** Global pooling of either kind between convolutions and a Dense layer. */
function globalPooling(kind: "average" | "max"): tf.LayersModel {
  const pool = kind === "average" ? tf.layers.globalAveragePooling2d({}) : tf.layers.globalMaxPooling2d({});
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [10, 10, 1], filters: 6, kernelSize: 3, activation: "kerasLeakyRelu" as never }),
      pool,
      tf.layers.dense({ units: 4, activation: "softmax" }),
    ],
  });
}

describe("the fused forward pass", () => {
  before(async () => {
    await selectBackend("wasm", silentLogger);
    registerCustomActivations();
  });

  it("runs the shipped model layer by layer as fused ops and agrees with tfjs-layers on MNIST digits", async () => {
    const { model } = await readKerasModel(shippedModel, { logger: silentLogger, classes: 10 });
    const plan = fuseLayers(model);
    assert.ok(plan.ok, plan.ok ? "" : plan.reason);
    assert.deepEqual(
      plan.steps.map((s) => s.split(": ")[1]!.split(" ")[0]),
      ["Rescaling", "Conv2D", "MaxPooling2D", "Conv2D", "MaxPooling2D", "Conv2D", "MaxPooling2D", "Flatten", "Dense", "Dense"],
    );
    const samples = mnistSamples(64);
    for (const batch of [1, 7, 64]) {
      const x = tf.tidy(() => tf.tensor(samples.slice(0, batch).flatMap((s) => Array.from(s.pixels)), [batch, 28, 28, 1]).mul(255));
      assert.ok(mismatch(model, x) < 1e-5);
      x.dispose();
    }
    model.dispose();
  });

  it("runs the real Keras fixtures as fused ops (needs ../shared)", { skip: fixturesSkip() }, async () => {
    for (const file of ["seed-mlp-legacy-h5.keras", "cnn-rescaling-keras3.keras"]) {
      const { model } = await readKerasModel(`${FIXTURE_DIR}${file}`, { logger: silentLogger, classes: 10 });
      const x = seededInput([9, ...model.inputs[0]!.shape.slice(1).map(Number)], 11);
      assert.ok(mismatch(model, x) < 1e-5, file);
      x.dispose();
      model.dispose();
    }
  });

  it("agrees with tfjs-layers on every layer and activation it fuses", () => {
    const model = everyFusableLayer();
    const plan = fuseLayers(model);
    assert.ok(plan.ok, plan.ok ? "" : plan.reason);
    assert.equal(plan.steps.length, 18, plan.steps.join("\n"));
    const x = seededInput([5, 12, 12, 2], 7, 255);
    assert.ok(mismatch(model, x) < 1e-5);
    x.dispose();
    model.dispose();
    for (const kind of ["average", "max"] as const) {
      const pooled = globalPooling(kind);
      const images = seededInput([3, 10, 10, 1], 2);
      assert.ok(mismatch(pooled, images) < 1e-5, kind);
      tf.dispose(images);
      pooled.dispose();
    }
  });

  it("disposes every tensor it makes but its output", () => {
    const model = everyFusableLayer();
    const plan = fuseLayers(model);
    assert.ok(plan.ok);
    const x = seededInput([3, 12, 12, 2], 3);
    const before = tf.memory().numTensors;
    const y = plan.run(x);
    assert.equal(tf.memory().numTensors, before + 1);
    y.dispose();
    x.dispose();
    model.dispose();
  });

  it("says why it leaves a model to tfjs-layers: a branch, an unfusable layer or activation, Dense on images", () => {
    const cases: [string, () => tf.LayersModel, RegExp][] = [
      ["branch", () => {
        const input = tf.input({ shape: [4] });
        const a = tf.layers.dense({ units: 3 }).apply(input) as tf.SymbolicTensor;
        const b = tf.layers.dense({ units: 3 }).apply(input) as tf.SymbolicTensor;
        return tf.model({ inputs: input, outputs: tf.layers.add().apply([a, b]) as tf.SymbolicTensor });
      }, /does not read exactly one layer, once/],
      ["batch norm on channels", () => tf.sequential({ layers: [tf.layers.batchNormalization({ inputShape: [2, 4, 4], axis: 1 })] }), /BatchNormalization\): axis 1/],
      ["relu capped at 3", () => tf.sequential({ layers: [tf.layers.reLU({ inputShape: [4], maxValue: 3 })] }), /max value 3/],
      ["separable conv", () => tf.sequential({ layers: [tf.layers.separableConv2d({ inputShape: [6, 6, 1], filters: 2, kernelSize: 3 })] }), /SeparableConv2D/],
      ["elu", () => tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 3, activation: "elu" })] }), /activation elu/],
      ["dense on images", () => tf.sequential({ layers: [tf.layers.dense({ inputShape: [4, 4, 1], units: 3 })] }), /rank other than 2/],
      ["channels first", () => tf.sequential({ layers: [tf.layers.flatten({ inputShape: [1, 4, 4], dataFormat: "channelsFirst" })] }), /data format/],
    ];
    for (const [name, build, reason] of cases) {
      const model = build();
      const plan = fuseLayers(model);
      assert.equal(plan.ok, false, name);
      assert.match(plan.ok ? "" : plan.reason, reason, name);
      model.dispose();
    }
  });

  it("is chosen only when it agrees with tfjs-layers on the sample, and the choice is logged", () => {
    const model = everyFusableLayer();
    const sample = seededInput([2, 12, 12, 2], 5, 255);
    const { logger, lines } = logLines("info");
    const good = chooseForwardPass(model, sample, logger);
    assert.equal(good.fused, true);
    assert.match(lines.join("\n"), /forward pass: fused tfjs ops/);

    const real = fuseLayers(model);
    assert.ok(real.ok);
    const wrong = { ...real, run: (x: tf.Tensor) => tf.tidy(() => real.run(x).add(0.01)) };
    const warned = logLines("info");
    const bad = chooseForwardPass(model, sample, warned.logger, wrong);
    assert.equal(bad.fused, false);
    assert.match(warned.lines.join("\n"), /disagree with tfjs-layers; using execute/);
    const broken = { ...real, run: () => { throw new Error("no kernel"); } };
    const failed = logLines("info");
    assert.equal(chooseForwardPass(model, sample, failed.logger, broken).fused, false);
    assert.match(failed.lines.join("\n"), /failed on the check images; using execute/);

    const conv = model.layers.find((l) => l.getClassName() === "Conv2D")!;
    const getWeights = conv.getWeights.bind(conv);
    conv.getWeights = () => { throw new Error("weights unreadable"); };
    const unplanned = logLines("info");
    assert.equal(chooseForwardPass(model, sample, unplanned.logger).fused, false);
    assert.match(unplanned.lines.join("\n"), /planning the fused ops failed; using execute/);
    conv.getWeights = getWeights;

    const y = bad.run(sample);
    const want = model.predict(sample) as tf.Tensor;
    assert.ok(tf.tidy(() => y.sub(want).abs().max().dataSync()[0]!) < 1e-6);
    tf.dispose([y, want, sample]);
    model.dispose();
  });
});
