import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { WeightAverage } from "./weight-average.js";

describe("WeightAverage", () => {
  it("is the mean of every set of weights added so far", () => {
    const avg = new WeightAverage();
    const sets = [[1, 2, 3], [3, 2, 1], [5, 8, -1]].map((v) => [tf.tensor1d(v), tf.tensor2d([[v[0]! * 2]])]);
    for (const s of sets) avg.add(s);
    assert.equal(avg.count, 3);
    assert.deepEqual(Array.from(avg.weights[0]!.dataSync()), [3, 4, 1]);
    assert.deepEqual(Array.from(avg.weights[1]!.dataSync()), [6]);
    assert.deepEqual(avg.weights[1]!.shape, [1, 1]);
    tf.dispose(sets.flat());
    avg.dispose();
  });

  it("copies what it is given and leaves no tensors behind", () => {
    const before = tf.memory().numTensors;
    const avg = new WeightAverage();
    const w = [tf.tensor1d([1, 1])];
    avg.add(w);
    w[0]!.dispose();
    assert.deepEqual(Array.from(avg.weights[0]!.dataSync()), [1, 1]);
    const w2 = [tf.tensor1d([3, 5])];
    avg.add(w2);
    tf.dispose(w2);
    assert.deepEqual(Array.from(avg.weights[0]!.dataSync()), [2, 3]);
    avg.dispose();
    assert.equal(tf.memory().numTensors, before);
  });
});
