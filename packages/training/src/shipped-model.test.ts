import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { loadDigitModel, type DigitModel } from "@repo/model";
import { accuracyOnImages, samplesAsPngs } from "./image-path-accuracy.js";
import { splitMnist } from "./mnist-split.js";
import { makePhotoDigits } from "./photo-digits.js";

const MODEL = fileURLToPath(new URL("../../../model/best_model.keras", import.meta.url));

describe("the shipped model/best_model.keras", () => {
  let model: DigitModel;
  let heldOutAccuracy = 0;
  const { heldOut } = splitMnist();

  before(async () => {
    assert.ok(existsSync(MODEL), `${MODEL} is missing: run npm run train`);
    model = await loadDigitModel({ path: MODEL, backend: "wasm" });
    const r = await accuracyOnImages(model, samplesAsPngs(heldOut));
    assert.equal(r.total, 2000);
    heldOutAccuracy = r.accuracy;
  });
  after(() => model?.dispose());

  it("is a Keras 3 file that takes 28×28×1 digits at 0..255, light ink on dark", () => {
    assert.equal(model.info.format, "keras3");
    assert.deepEqual(model.info.inputShape, [28, 28, 1]);
    assert.equal(model.info.convention.scale, "0..255");
    assert.equal(model.info.convention.polarity, "light-on-dark");
  });

  // The target. The shipped model measures 99.05 % (model/README.md): one
  // digit above it, so a file that loses any accuracy fails here.
  it("reaches at least 99.0 % on the 2,000 held-out samples uploaded as PNG files", () => {
    assert.ok(heldOutAccuracy >= 0.99, `held-out image-path accuracy ${(heldOutAccuracy * 100).toFixed(2)} %`);
  });

  it("reaches at least 97 % on photo-style JPEG and PNG digits made from held-out samples", async () => {
    // 250 samples → 500 files keeps the test to seconds; model/README.md reports all 2,000.
    const photos = await makePhotoDigits(heldOut.slice(0, 250), 7);
    const r = await accuracyOnImages(model, photos);
    assert.equal(r.total, 500);
    assert.ok(r.accuracy >= 0.97, `photo accuracy ${(r.accuracy * 100).toFixed(2)} %`);
  });
});
