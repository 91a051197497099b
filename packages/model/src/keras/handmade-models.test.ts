import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { compare } from "./test-compare.js";
import type { Dialect } from "./test-keras-spec.js";
import { HANDMADE_MODELS } from "./test-models.js";

const DIALECTS: Dialect[] = ["keras3", "keras2-zip", "legacy-h5", "legacy-h5-keras3"];

describe("hand-made models match an independent computation within 1e-4 at every layer", () => {
  before(async () => {
    await tf.setBackend("cpu");
  });
  for (const [title, make, shape] of HANDMADE_MODELS) {
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
