import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { toInputTensor } from "./convention.js";
import { inputLayout } from "./input-layout.js";

// A 2×4 image whose pixels are all different, so any misplaced value shows
// (4 wide, so no shape below also reads as channels last).
const image = Float32Array.from([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);

async function packed(shape: number[], scale: "0..1" | "0..255", polarity: "light-on-dark" | "dark-on-light"): Promise<number[]> {
  const t = toInputTensor([image, image], inputLayout(shape, "m"), { scale, polarity });
  try {
    assert.deepEqual(t.shape, [2, ...shape]);
    return Array.from(await t.data());
  } finally {
    t.dispose();
  }
}

const close = (got: number[], want: number[]) => {
  assert.equal(got.length, want.length);
  got.forEach((v, i) => assert.ok(Math.abs(v - want[i]!) < 1e-5, `value ${i}: got ${v}, want ${want[i]}`));
};

describe("toInputTensor", () => {
  it("lays one channel out the same way first or last", async () => {
    const want = [...image, ...image];
    close(await packed([2, 4, 1], "0..1", "light-on-dark"), want);
    close(await packed([1, 2, 4], "0..1", "light-on-dark"), want);
  });

  it("interleaves three channels per pixel when channels are last", async () => {
    const one = [...image].flatMap((v) => [v, v, v]);
    close(await packed([2, 4, 3], "0..1", "light-on-dark"), [...one, ...one]);
  });

  it("stacks three whole grey planes when channels are first", async () => {
    const one = [...image, ...image, ...image];
    close(await packed([3, 2, 4], "0..1", "light-on-dark"), [...one, ...one]);
  });

  it("applies scale and polarity in either channel order", async () => {
    const one = [...image].map((v) => (1 - v) * 255);
    close(await packed([3, 2, 4], "0..255", "dark-on-light"), [...one, ...one, ...one, ...one, ...one, ...one]);
    close(await packed([2, 4, 3], "0..255", "dark-on-light"), [...one.flatMap((v) => [v, v, v]), ...one.flatMap((v) => [v, v, v])]);
  });

  it("refuses an image of the wrong size", () => {
    assert.throws(() => toInputTensor([new Float32Array(5)], inputLayout([2, 4], "m"), { scale: "0..1", polarity: "light-on-dark" }), RangeError);
  });
});
