import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { readKerasModel } from "./load.js";
import { packModel, type Dialect, type ModelSpec } from "./test-keras-spec.js";
import { channelsFirstModel, cnnModel, extrasModel, functionalModel, nestedSequentialModel, rng } from "./test-models.js";
import { referenceAll } from "./test-reference.js";

const DIALECTS: Dialect[] = ["keras3", "keras2-zip", "legacy-h5", "legacy-h5-keras3"];
const MODELS: Array<[string, () => ModelSpec, number[]]> = [
  ["a Sequential CNN using every image layer, Normalization, the augmentation layers and the activations", cnnModel, [8, 8, 2]],
  ["a Functional model with Add, Concatenate, global pooling, Softmax and a nested Sequential", functionalModel, [6, 6, 1]],
  ["a Sequential nested in a Sequential", nestedSequentialModel, [5]],
  ["a channels_first CNN", channelsFirstModel, [2, 5, 5]],
  ["a Functional model with cropping, upsampling, permute, PReLU, LayerNormalization, keepdims pooling and every merge", extrasModel, [6, 6, 2]],
];

/** The symbolic output of a top-level layer (a nested model's last call, not its internal node). */
function outputOf(layer: tf.layers.Layer): tf.SymbolicTensor {
  const nodes = layer.inboundNodes.length;
  return (nodes > 1 ? layer.getOutputAt(nodes - 1) : layer.output) as tf.SymbolicTensor;
}

/** Loads the packed model and returns, per layer, the largest difference from the reference. */
async function compare(spec: ModelSpec, dialect: Dialect, inputShape: number[]): Promise<Map<string, number>> {
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

describe("hand-made models match an independent computation within 1e-4 at every layer", () => {
  before(async () => {
    await tf.setBackend("cpu");
  });
  for (const [title, make, shape] of MODELS) {
    for (const dialect of DIALECTS) {
      it(`${title} (${dialect})`, async (t) => {
        const worst = await compare(make(), dialect, shape);
        const max = Math.max(...worst.values());
        t.diagnostic(`${worst.size} layers, max abs difference ${max.toExponential(2)}`);
        for (const [name, w] of worst) assert.ok(w <= 1e-4, `layer ${name}: max abs difference ${w}`);
      });
    }
  }
});
