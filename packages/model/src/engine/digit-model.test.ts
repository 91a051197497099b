import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { silentLogger } from "@repo/logger";
import { selectBackend } from "../backend/select-backend.js";
import { centroidModel } from "../convention/test-centroid-model.js";
import { logLines } from "../convention/test-log-lines.js";
import { referenceDigits } from "../convention/reference-digits.js";
import { ImageError } from "../image/image-error.js";
import { mnistSample, samplePng } from "../image/test-images.js";
import type { BackendName } from "../types.js";
import { createDigitModel, type DigitModel } from "./digit-model.js";

function wrap(model: tf.LayersModel, backend: BackendName = "wasm"): DigitModel {
  return createDigitModel({ model, name: "centroid", path: "centroid.keras", format: "keras3", kerasVersion: null, backend, logger: silentLogger });
}

describe("createDigitModel", () => {
  before(async () => {
    await selectBackend("wasm", silentLogger);
  });

  it("runs a plain chain of layers as fused ops and anything else through tfjs-layers, with the same probabilities", async () => {
    const chain = centroidModel("0..1", "light-on-dark", [28, 28, 1]);
    const input = tf.input({ shape: [784] });
    const dense = chain.layers[chain.layers.length - 1]!;
    // The same Dense weights behind a branch that adds zero: not a chain, so execute runs it.
    const zero = tf.layers.dense({ units: 10, kernelInitializer: "zeros", biasInitializer: "zeros" }).apply(input) as tf.SymbolicTensor;
    const logits = tf.layers.dense({ units: 10, weights: dense.getWeights() }).apply(input) as tf.SymbolicTensor;
    const summed = tf.layers.add().apply([logits, zero]) as tf.SymbolicTensor;
    const branched = tf.model({ inputs: input, outputs: tf.layers.activation({ activation: "softmax" }).apply(summed) as tf.SymbolicTensor });
    const paths: string[] = [];
    const models = [chain, branched].map((model) => {
      const { logger, lines } = logLines("info");
      const m = createDigitModel({ model, name: "m", path: "m.keras", format: "keras3", kerasVersion: null, backend: "wasm", logger });
      paths.push(lines.map((l) => JSON.parse(l).msg as string).find((msg) => msg.startsWith("forward pass:")) ?? "none");
      return m;
    });
    assert.match(paths[0]!, /fused tfjs ops/);
    assert.match(paths[1]!, /tfjs-layers execute/);
    const images = referenceDigits().images.slice(0, 20);
    const [a, b] = await Promise.all(models.map((m) => m.predict(images)));
    a!.forEach((row, i) => row.forEach((p, j) => assert.ok(Math.abs(p - b![i]![j]!) < 1e-5)));
    for (const m of models) m.dispose();
  });

  it("describes the model: layout, image size, classes, convention, parameters", () => {
    const m = wrap(centroidModel("0..255", "light-on-dark", [28, 28, 1]));
    assert.deepEqual(m.info.inputShape, [28, 28, 1]);
    assert.deepEqual(m.info.imageSize, { height: 28, width: 28 });
    assert.equal(m.info.classes, 10);
    assert.equal(m.info.parameters, 7850);
    assert.equal(m.info.convention.scale, "0..255");
    m.dispose();
  });

  it("predicts a batch in one forward pass, one probability row per image", async () => {
    const model = centroidModel("0..1", "light-on-dark");
    const m = wrap(model);
    const refs = referenceDigits();
    let rows: Float32Array[] = [];
    const profile = await tf.profile(async () => {
      rows = await m.predict(refs.images.slice(0, 50));
    });
    // The model is one Dense layer: one forward pass runs its matrix product once.
    assert.equal(profile.kernelNames.filter((k) => k === "_FusedMatMul").length, 1, profile.kernelNames.join(" "));
    assert.equal(rows.length, 50);
    let correct = 0;
    rows.forEach((row, i) => {
      assert.equal(row.length, 10);
      assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-4);
      if (row.indexOf(Math.max(...row)) === refs.labels[i]) correct++;
    });
    assert.ok(correct >= 35, `${correct}/50`);
    assert.deepEqual(await m.predict([]), []);
    m.dispose();
  });

  it("turns logits into probabilities", async () => {
    const m = wrap(centroidModel("0..1", "light-on-dark", [784], { softmax: false }));
    const [row] = await m.predict([referenceDigits().images[0]!]);
    assert.ok(row!.every((v) => v >= 0 && v <= 1));
    assert.ok(Math.abs(row!.reduce((a, b) => a + b, 0) - 1) < 1e-4);
    m.dispose();
  });

  it("leaks no tensors across 10,000 predictions", async () => {
    const m = wrap(centroidModel("0..255", "dark-on-light", [28, 28, 1]));
    const images = referenceDigits().images.slice(0, 100);
    await m.predict(images);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 100; i++) await m.predict(images);
    assert.equal(tf.memory().numTensors, before);
    m.dispose();
  });

  it("gives the same probabilities on wasm and cpu (within 1e-5)", async () => {
    const images = referenceDigits().images.slice(0, 64);
    const onWasm = await wrap(centroidModel("0..1", "light-on-dark", [28, 28])).predict(images);
    await selectBackend("cpu", silentLogger);
    try {
      const onCpu = await wrap(centroidModel("0..1", "light-on-dark", [28, 28]), "cpu").predict(images);
      let worst = 0;
      onWasm.forEach((row, i) => row.forEach((v, c) => (worst = Math.max(worst, Math.abs(v - onCpu[i]![c]!)))));
      assert.ok(worst < 1e-5, `largest difference ${worst}`);
    } finally {
      await selectBackend("wasm", silentLogger);
    }
  });

  it("decodes uploads at the model's image size and passes image errors through", async () => {
    const m = wrap(centroidModel("0..1", "light-on-dark"));
    const img = await m.decode(samplePng(mnistSample(5, 2)));
    assert.equal(img.length, 784);
    await assert.rejects(m.decode(new Uint8Array(0)), (err: unknown) => err instanceof ImageError && err.code === "EMPTY_IMAGE");
    m.dispose();
  });

  it("refuses a model whose input is not an image", () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [10], units: 10 })] });
    assert.throws(() => wrap(model), /input shape \[10\] is not an image/);
  });
});
