import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { loadDigitModel } from "@repo/model";
import { silentLogger } from "@repo/logger";
import { mnistPng, photoJpeg } from "./images.js";

const shippedModel = fileURLToPath(new URL("../../model/best_model.keras", import.meta.url));

test("the bench's photo is a 1000×1000 colour JPEG of the same digit as its PNG, and the shipped model reads both as that digit", async () => {
  const png = mnistPng();
  const photo = await photoJpeg();
  assert.equal(photo.label, png.label);
  const meta = await sharp(photo.bytes).metadata();
  assert.deepEqual([meta.format, meta.width, meta.height, meta.channels], ["jpeg", 1000, 1000, 3]);
  const model = await loadDigitModel({ path: shippedModel, backend: "wasm", logger: silentLogger });
  try {
    for (const image of [png, photo]) {
      const [probs] = await model.predict([await model.decode(image.bytes)]);
      const digit = probs!.indexOf(Math.max(...probs!));
      assert.equal(digit, image.label, `${image.name} read as ${digit}`);
    }
  } finally {
    model.dispose();
  }
});
