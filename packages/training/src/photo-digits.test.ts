import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decodeToModelImage, sniffImage } from "@repo/model";
import { loadMnistSamples } from "./mnist-split.js";
import { makePhotoDigits, renderPhotoDigit } from "./photo-digits.js";
import { createRng } from "./random.js";

const samples = loadMnistSamples().filter((_, i) => i % 1000 === 7).slice(0, 4);

describe("photo-style digits", () => {
  it("draw dark ink on lighter paper, larger than MNIST and not centred", () => {
    const rng = createRng(3);
    let offCentre = 0;
    for (const s of samples) {
      const r = renderPhotoDigit(s, rng);
      assert.ok(r.width >= 160 && r.height >= 128);
      let inkX = 0, inkY = 0, ink = 0, paper = 0, paperN = 0;
      for (let y = 0; y < r.height; y++) {
        for (let x = 0; x < r.width; x++) {
          const i = (y * r.width + x) * 3;
          const lum = (r.rgb[i]! + r.rgb[i + 1]! + r.rgb[i + 2]!) / 3;
          if (lum < 110) { ink++; inkX += x; inkY += y; } else { paper += lum; paperN++; }
        }
      }
      assert.ok(ink > 400, `too little ink: ${ink} px`);
      assert.ok(paper / paperN > 170, "paper should be light");
      const offX = Math.abs(inkX / ink - r.width / 2), offY = Math.abs(inkY / ink - r.height / 2);
      if (offX > r.width * 0.05 || offY > r.height * 0.05) offCentre++;
      // The digit is drawn large: its ink spans far more than MNIST's 20 pixels.
      assert.ok(ink > 20 * 20, `ink area ${ink}`);
    }
    assert.ok(offCentre >= 2, `only ${offCentre} of ${samples.length} digits were off-centre`);
  });

  it("come as a JPEG and a PNG per sample that the upload path decodes into a digit", async () => {
    const files = await makePhotoDigits(samples, 11);
    assert.equal(files.length, samples.length * 2);
    assert.deepEqual(files.map((f) => sniffImage(f.bytes)?.type), samples.flatMap(() => ["jpeg", "png"]));
    for (const f of files) {
      const img = await decodeToModelImage(f.bytes, { height: 28, width: 28 });
      // Normalised to MNIST's light-on-dark layout: a dark border, ink in the middle.
      const border = [...img.subarray(0, 28), ...img.subarray(756)].reduce((a, b) => a + b, 0) / 56;
      assert.ok(border < 0.05, `border ${border}`);
      assert.ok(img.reduce((a, b) => a + b, 0) > 40);
    }
  });

  it("are reproducible from the seed", async () => {
    const [a] = await makePhotoDigits(samples.slice(0, 1), 5);
    const [b] = await makePhotoDigits(samples.slice(0, 1), 5);
    assert.deepEqual(a!.bytes, b!.bytes);
  });
});
