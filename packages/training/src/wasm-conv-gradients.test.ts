import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { registerWasmConvGradients } from "./wasm-conv-gradients.js";

type Shape4 = [number, number, number, number];
type Case = { name: string; x: Shape4; w: Shape4; strides: number; pad: "same" | "valid" };

const cases: Case[] = [
  { name: "3×3 same, stride 1", x: [2, 9, 9, 3], w: [3, 3, 3, 4], strides: 1, pad: "same" },
  { name: "5×5 valid, stride 1", x: [2, 10, 8, 2], w: [5, 5, 2, 3], strides: 1, pad: "valid" },
  { name: "3×3 same, stride 2 (odd size)", x: [3, 9, 7, 2], w: [3, 3, 2, 5], strides: 2, pad: "same" },
  { name: "2×2 valid, stride 2", x: [1, 8, 8, 1], w: [2, 2, 1, 2], strides: 2, pad: "valid" },
];

function gradients(c: Case, xs: Float32Array, ws: Float32Array, rs: Float32Array, outShape: number[]): [Float32Array, Float32Array] {
  return tf.tidy(() => {
    const x = tf.tensor4d(xs, c.x as [number, number, number, number]);
    const w = tf.tensor4d(ws, c.w as [number, number, number, number]);
    const r = tf.tensor(rs, outShape);
    const [gx, gw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad), r)),
    )([x, w]);
    return [gx!.dataSync() as Float32Array, gw!.dataSync() as Float32Array];
  });
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe("wasm convolution gradients", () => {
  it("match the cpu backend's gradients for same/valid padding and strides 1 and 2", async () => {
    registerWasmConvGradients();
    const rand = (n: number, seed: number): Float32Array => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + seed) * 0.5);
    const previous = tf.getBackend();
    try {
      for (const c of cases) {
        await tf.setBackend("cpu");
        const outShape = tf.tidy(() => tf.conv2d(tf.zeros(c.x) as tf.Tensor4D, tf.zeros(c.w) as tf.Tensor4D, c.strides, c.pad).shape as number[]);
        const xs = rand(c.x.reduce((a, b) => a * b), 1);
        const ws = rand(c.w.reduce((a, b) => a * b), 2);
        const rs = rand(outShape.reduce((a, b) => a * b), 3);
        const [cx, cw] = gradients(c, xs, ws, rs, outShape);
        await tf.setBackend("wasm");
        const [wx, ww] = gradients(c, xs, ws, rs, outShape);
        assert.ok(maxDiff(cx, wx) < 1e-4, `${c.name}: dx differs by ${maxDiff(cx, wx)}`);
        assert.ok(maxDiff(cw, ww) < 1e-4, `${c.name}: dW differs by ${maxDiff(cw, ww)}`);
      }
    } finally {
      if (previous) await tf.setBackend(previous);
    }
  });

  it("leaves no tensors behind after a backward pass", async () => {
    registerWasmConvGradients();
    await tf.setBackend("wasm");
    const x = tf.randomNormal([2, 6, 6, 2]) as tf.Tensor4D;
    const w = tf.randomNormal([3, 3, 2, 2]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const gs = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, "same")))([x, w]);
    tf.dispose(gs);
    assert.equal(tf.memory().numTensors, before);
    tf.dispose([x, w]);
  });
});
