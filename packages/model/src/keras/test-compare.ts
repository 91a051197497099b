// Test helper: loads a hand-made model and compares every layer's output
// with the independent reference computation.
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { readKerasModel } from "./load.js";
import { packModel, type Dialect, type ModelSpec } from "./test-keras-spec.js";
import { rng } from "./test-models.js";
import { referenceAll } from "./test-reference.js";

/** The symbolic output of a top-level layer (a nested model's last call, not its internal node). */
function outputOf(layer: tf.layers.Layer): tf.SymbolicTensor {
  const nodes = layer.inboundNodes.length;
  return (nodes > 1 ? layer.getOutputAt(nodes - 1) : layer.output) as tf.SymbolicTensor;
}

/** Loads the packed model and returns, per layer, the largest difference from the reference. */
export async function compare(spec: ModelSpec, dialect: Dialect, inputShape: number[]): Promise<Map<string, number>> {
  const bytes = await packModel(spec, dialect);
  const loaded = await readKerasModel(bytes, { name: `${spec.name}.${dialect}` });
  assert.equal(loaded.format, dialect === "legacy-h5-keras3" ? "legacy-h5" : dialect);
  assert.deepEqual(loaded.inputShape, inputShape);
  const r = rng(42);
  const n = 3;
  const per = inputShape.reduce((a, b) => a * b, 1);
  const input = Float32Array.from({ length: n * per }, () => r() * 2);
  const wanted = Array.from({ length: n }, (_, s) =>
    referenceAll(spec, { shape: inputShape, data: Float64Array.from(input.subarray(s * per, (s + 1) * per)) }, dialect),
  );
  const worst = new Map<string, number>();
  const x = tf.tensor(input, [n, ...inputShape]);
  try {
    // Every layer is checked on its own output, so a wrong activation cannot hide behind a later softmax.
    for (const l of spec.layers) {
      if (l.cls === "InputLayer") continue;
      const probe = tf.model({ inputs: loaded.model.inputs, outputs: outputOf(loaded.model.getLayer(l.name)) });
      const out = probe.predict(x) as tf.Tensor;
      const got = await out.data();
      out.dispose();
      const size = got.length / n;
      let w = 0;
      for (let s = 0; s < n; s++) {
        const want = wanted[s]!.get(l.name)!;
        assert.equal(want.data.length, size, `layer ${l.name}: ${size} values, reference has ${want.data.length}`);
        for (let i = 0; i < size; i++) w = Math.max(w, Math.abs(want.data[i]! - got[s * size + i]!));
      }
      worst.set(l.name, w);
    }
  } finally {
    x.dispose();
    loaded.model.dispose();
  }
  return worst;
}

