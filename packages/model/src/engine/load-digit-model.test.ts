// Against the real Keras files in ../shared/fixtures/keras (skipped when they
// are absent, but failing under CI=true).
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { silentLogger } from "@repo/logger";
import { selectBackend } from "../backend/select-backend.js";
import { canvasSeven, mnistSample, photoOfSample } from "../image/test-images.js";
import type { DigitModel } from "./digit-model.js";
import { evaluateOnMnist, mnistSamples } from "./evaluate-mnist.js";
import { loadDigitModel } from "./load-digit-model.js";

const dir = fileURLToPath(new URL("../../../../../shared/fixtures/keras/", import.meta.url));
const present = existsSync(dir);
if (!present && process.env.CI === "true") throw new Error(`CI=true but the Keras fixtures are missing at ${dir}`);
const skip = present ? false : `Keras fixtures not found at ${dir}`;

const fixtures = [
  { file: "seed-mlp-legacy-h5.keras", scale: "0..1", minAccuracy: 0.99 },
  { file: "cnn-rescaling-keras3.keras", scale: "0..255", minAccuracy: 0.993 },
] as const;

function argmax(row: Float32Array): number {
  return row.indexOf(Math.max(...row));
}

for (const fx of fixtures) {
  describe(`loadDigitModel on ${fx.file}`, { skip }, () => {
    let model: DigitModel;
    before(async () => {
      model = await loadDigitModel({ path: dir + fx.file, logger: silentLogger });
    });
    after(() => model?.dispose());

    it(`detects ${fx.scale}, light ink on dark, with no overrides`, () => {
      assert.equal(model.info.convention.scale, fx.scale);
      assert.equal(model.info.convention.polarity, "light-on-dark");
      assert.equal(model.info.convention.source, "detected");
    });

    it(`reaches ${fx.minAccuracy * 100} % on the 10,000 mnist samples`, async () => {
      const ev = await evaluateOnMnist(model, { batch: 256, images: false });
      assert.equal(ev.samples, 10_000);
      assert.ok(ev.accuracy >= fx.minAccuracy, `raw accuracy ${ev.accuracy}`);
    });

    it("is as accurate on samples sent as PNG uploads as on the raw samples", async () => {
      // 2,000 samples spread over the classes keep this quick; `npm run eval`
      // reports both accuracies over all 10,000.
      const ev = await evaluateOnMnist(model, { batch: 256, limit: 2000 });
      assert.ok(ev.imageAccuracy! >= ev.accuracy - 0.003, `image accuracy ${ev.imageAccuracy} vs raw ${ev.accuracy}`);
    });

    it("gives the same probabilities on wasm and cpu (within 1e-5)", async () => {
      const images = mnistSamples(48).map((s) => s.pixels);
      const onWasm = await model.predict(images);
      await selectBackend("cpu", silentLogger);
      try {
        const onCpu = await model.predict(images);
        let worst = 0;
        onWasm.forEach((row, i) => row.forEach((v, c) => (worst = Math.max(worst, Math.abs(v - onCpu[i]![c]!)))));
        assert.ok(worst < 1e-5, `largest difference ${worst}`);
      } finally {
        await selectBackend("wasm", silentLogger);
      }
    });

    it("reads photos of dark digits on light noisy paper, large and off-centre", async () => {
      for (const [digit, index] of [[2, 40], [5, 17], [9, 3]] as const) {
        const img = await model.decode(await photoOfSample(mnistSample(digit, index), { seed: digit }));
        const [row] = await model.predict([img]);
        assert.equal(argmax(row!), digit, `photo of a ${digit}: ${Array.from(row!, (p) => p.toFixed(2)).join(" ")}`);
      }
    });

    it("reads a 7 drawn as dark strokes on a transparent canvas", async () => {
      const [row] = await model.predict([await model.decode(await canvasSeven())]);
      assert.equal(argmax(row!), 7);
    });

    it("keeps the tensor count constant across predictions", async () => {
      const images = mnistSamples(32).map((s) => s.pixels);
      await model.predict(images);
      const count = tf.memory().numTensors;
      for (let i = 0; i < 20; i++) await model.predict(images);
      assert.equal(tf.memory().numTensors, count);
    });
  });
}
