import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadMnistSamples, splitMnist } from "./mnist-split.js";

describe("splitMnist", () => {
  const all = loadMnistSamples();

  it("splits the package's 10,000 samples into 8,000 for training and 2,000 held out, with no overlap", () => {
    assert.equal(all.length, 10_000);
    const { train, heldOut } = splitMnist({}, all);
    assert.equal(train.length, 8000);
    assert.equal(heldOut.length, 2000);
    const held = new Set(heldOut.map((s) => s.index));
    assert.equal(held.size, 2000);
    assert.ok(train.every((s) => !held.has(s.index)));
  });

  it("gives the same split for the same seed and a different one for another seed", () => {
    const a = splitMnist({}, all).heldOut.map((s) => s.index);
    const b = splitMnist({}, all).heldOut.map((s) => s.index);
    const c = splitMnist({ seed: 99 }, all).heldOut.map((s) => s.index);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
  });

  it("holds out every digit class", () => {
    const counts = new Array(10).fill(0);
    for (const s of splitMnist({}, all).heldOut) counts[s.label]++;
    assert.ok(counts.every((n) => n > 120), `held-out class counts ${counts.join(",")}`);
  });

  it("rejects a held-out size that leaves nothing to train on", () => {
    assert.throws(() => splitMnist({ heldOut: 10_000 }, all), RangeError);
  });
});
