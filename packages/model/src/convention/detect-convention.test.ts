import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { silentLogger } from "@repo/logger";
import { selectBackend } from "../backend/select-backend.js";
import { ALL_CONVENTIONS } from "./convention.js";
import { centroidModel } from "./test-centroid-model.js";
import { detectConvention } from "./detect-convention.js";
import { inputLayout } from "./input-layout.js";
import { logLines } from "./test-log-lines.js";

describe("detectConvention", () => {
  before(async () => {
    await selectBackend("wasm", silentLogger);
  });

  for (const expected of ALL_CONVENTIONS) {
    it(`finds ${expected.scale} ${expected.polarity} for a model trained that way`, () => {
      const model = centroidModel(expected.scale, expected.polarity, [28, 28, 1]);
      const found = detectConvention({ model, layout: inputLayout([28, 28, 1], "m"), logger: silentLogger });
      assert.equal(found.convention.scale, expected.scale);
      assert.equal(found.convention.polarity, expected.polarity);
      assert.equal(found.convention.source, "detected");
      assert.equal(found.scores.length, 4);
      assert.ok(found.convention.referenceAccuracy > 0.75, String(found.convention.referenceAccuracy));
      model.dispose();
    });
  }

  it("obeys INPUT_SCALE and INPUT_POLARITY overrides even when they read worse", () => {
    const model = centroidModel("0..1", "light-on-dark");
    const found = detectConvention({
      model,
      layout: inputLayout([784], "m"),
      scale: "0..255",
      polarity: "dark-on-light",
      logger: silentLogger,
    });
    assert.deepEqual([found.convention.scale, found.convention.polarity, found.convention.source], ["0..255", "dark-on-light", "override"]);
    assert.equal(found.scores.length, 1);
    assert.ok(found.convention.referenceAccuracy < 0.5);
    model.dispose();
  });

  it("still answers for a model that reads no convention well, and warns loudly", () => {
    const { logger, lines } = logLines("warn");
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [784], units: 10, activation: "softmax", kernelInitializer: "zeros" })] });
    const found = detectConvention({ model, layout: inputLayout([784], "m"), logger });
    assert.ok(found.convention.referenceAccuracy < 0.2);
    assert.ok(lines.some((l) => l.includes("MODEL LOOKS WRONG")), lines.join("\n"));
    model.dispose();
  });

  it("notices outputs that are logits rather than probabilities", () => {
    const model = centroidModel("0..1", "light-on-dark", [784], { softmax: false });
    const found = detectConvention({ model, layout: inputLayout([784], "m"), logger: silentLogger });
    assert.equal(found.outputsAreProbabilities, false);
    assert.equal(found.convention.scale, "0..1");
    model.dispose();
  });

  it("takes the model file's word on whether the outputs are probabilities, and still reports how they look", () => {
    const model = centroidModel("0..1", "light-on-dark", [784]);
    const judged = detectConvention({ model, layout: inputLayout([784], "m"), scale: "0..1", polarity: "light-on-dark", logger: silentLogger });
    assert.deepEqual([judged.outputsAreProbabilities, judged.outputsLookLikeProbabilities], [true, true]);
    const told = detectConvention({
      model,
      layout: inputLayout([784], "m"),
      scale: "0..1",
      polarity: "light-on-dark",
      outputsAreProbabilities: false,
      logger: silentLogger,
    });
    assert.deepEqual([told.outputsAreProbabilities, told.outputsLookLikeProbabilities], [false, true]);
    // Scored through a second softmax, the true labels get flatter probabilities.
    assert.ok(told.convention.referenceLogLikelihood < judged.convention.referenceLogLikelihood - 0.1);
    model.dispose();
  });
});
