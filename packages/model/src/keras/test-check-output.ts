// Test helper: loads a model file and checks its output on random inputs
// against the independent plain-TypeScript forward pass of test-reference.ts.
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import type { Arr } from "./test-h5-build.js";
import type { Dialect, ModelSpec } from "./test-keras-spec.js";
import { readKerasModel, type KerasModel } from "./load.js";
import { rng } from "./test-models.js";
import { reference } from "./test-reference.js";

/** Deterministic small weights of the given shape. */
export function arr(shape: number[], seed: number, scale = 0.3): Arr {
  const r = rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return { shape, data: Float32Array.from({ length: n }, () => r() * scale) };
}

/** Loads `bytes`, checks input shape and that outputs match the reference within 1e-4; returns the load result (model disposed). */
export async function expectReferenceOutputs(bytes: Uint8Array, spec: ModelSpec, inputShape: number[], dialect: Dialect): Promise<Omit<KerasModel, "model">> {
  const loaded = await readKerasModel(bytes, { name: `${spec.name}.test` });
  try {
    assert.deepEqual(loaded.inputShape, inputShape);
    const per = inputShape.reduce((a, b) => a * b, 1);
    const r = rng(7);
    const n = 2;
    const input = Float32Array.from({ length: n * per }, () => Math.abs(r()));
    const out = tf.tidy(() => loaded.model.predict(tf.tensor(input, [n, ...inputShape])) as tf.Tensor);
    const got = await out.data();
    out.dispose();
    const size = got.length / n;
    assert.deepEqual(loaded.outputShape, [size]);
    for (let s = 0; s < n; s++) {
      const want = reference(spec, { shape: inputShape, data: Float64Array.from(input.subarray(s * per, (s + 1) * per)) }, dialect);
      assert.equal(want.data.length, size);
      for (let i = 0; i < size; i++) {
        const g = got[s * size + i]!;
        assert.ok(Number.isFinite(g), `output ${i} is ${g}`);
        assert.ok(Math.abs(g - want.data[i]!) <= 1e-4, `sample ${s} class ${i}: got ${g}, reference ${want.data[i]}`);
      }
    }
    const { model: _model, ...rest } = loaded;
    return rest;
  } finally {
    loaded.model.dispose();
  }
}
