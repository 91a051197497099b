import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { augmentDigit } from "./augment.js";
import { loadMnistSamples } from "./mnist-split.js";
import { createRng } from "./random.js";

const sample = loadMnistSamples()[1234]!;
const mass = (p: Float32Array): number => p.reduce((a, b) => a + b, 0);

describe("augmentDigit", () => {
  it("distorts the digit but keeps it a 28×28 image in 0..1 with a similar amount of ink", () => {
    const rng = createRng(5);
    let changed = 0;
    for (let i = 0; i < 50; i++) {
      const out = augmentDigit(sample.pixels, rng);
      assert.equal(out.length, 784);
      assert.ok(out.every((v) => v >= 0 && v <= 1.0001));
      const ratio = mass(out) / mass(sample.pixels);
      assert.ok(ratio > 0.4 && ratio < 2.2, `ink ratio ${ratio}`);
      if (out.some((v, k) => Math.abs(v - sample.pixels[k]!) > 0.05)) changed++;
    }
    assert.ok(changed >= 35, `only ${changed} of 50 were distorted`);
  });

  it("is reproducible from the seed", () => {
    assert.deepEqual(augmentDigit(sample.pixels, createRng(9)), augmentDigit(sample.pixels, createRng(9)));
  });

  it("makes strokes bolder or thinner when asked", () => {
    const only = { keep: 0, rotateDeg: 0, scale: 0, aspect: 0, shear: 0, shift: 0, elastic: 0, blur: 0 };
    const bold = augmentDigit(sample.pixels, createRng(1), { ...only, bolder: 1, thinner: 0 });
    const thin = augmentDigit(sample.pixels, createRng(1), { ...only, bolder: 0, thinner: 1 });
    assert.ok(mass(bold) > mass(sample.pixels) * 1.1);
    assert.ok(mass(thin) < mass(sample.pixels) * 0.95);
  });
});
