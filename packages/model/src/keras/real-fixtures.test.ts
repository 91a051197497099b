import assert from "node:assert/strict";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { silentLogger } from "@repo/logger";
import { selectBackend } from "../backend/select-backend.js";
import { readKerasModel } from "./load.js";
import { loadMnist } from "./test-mnist.js";
import { FIXTURE_DIR, fixturesSkip } from "./test-fixtures.js";

const skip = fixturesSkip();

async function accuracy(model: tf.LayersModel, inputShape: number[], scale: number): Promise<number> {
  const { pixels, labels, count } = loadMnist();
  let correct = 0;
  const batch = 1000;
  for (let start = 0; start < count; start += batch) {
    const n = Math.min(batch, count - start);
    const predicted = tf.tidy(() => {
      const x = tf.tensor(pixels.subarray(start * 784, (start + n) * 784), [n, ...inputShape]).mul(scale);
      return (model.predict(x) as tf.Tensor).argMax(-1);
    });
    const p = await predicted.data();
    predicted.dispose();
    for (let i = 0; i < n; i++) if (p[i] === labels[start + i]) correct++;
  }
  return correct / count;
}

describe("the real Keras fixtures", { skip }, () => {
  before(async () => {
    await selectBackend("wasm", silentLogger);
  });

  it("loads the legacy-HDF5 MLP (named .keras) and scores at least 99.0 % on mnist at 0..1", async (t) => {
    const r = await readKerasModel(join(FIXTURE_DIR, "seed-mlp-legacy-h5.keras"));
    assert.equal(r.format, "legacy-h5");
    assert.equal(r.kerasVersion, "2.14.0");
    assert.deepEqual(r.inputShape, [784]);
    const acc = await accuracy(r.model, r.inputShape, 1);
    r.model.dispose();
    t.diagnostic(`seed-mlp-legacy-h5 accuracy ${(acc * 100).toFixed(2)} % (Keras: 99.26 %)`);
    assert.ok(acc >= 0.99, `accuracy ${(acc * 100).toFixed(2)} % < 99.0 %`);
  });

  it("loads the Keras 3 CNN with Rescaling and scores at least 99.3 % on mnist at 0..255", async (t) => {
    const r = await readKerasModel(join(FIXTURE_DIR, "cnn-rescaling-keras3.keras"));
    assert.equal(r.format, "keras3");
    assert.equal(r.kerasVersion, "3.4.1");
    assert.deepEqual(r.inputShape, [28, 28, 1]);
    const acc = await accuracy(r.model, r.inputShape, 255);
    r.model.dispose();
    t.diagnostic(`cnn-rescaling-keras3 accuracy ${(acc * 100).toFixed(2)} % (Keras: 99.49 %)`);
    assert.ok(acc >= 0.993, `accuracy ${(acc * 100).toFixed(2)} % < 99.3 %`);
  });
});
