import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { silentLogger } from "@repo/logger";
import { selectBackend } from "../backend/select-backend.js";
import { compare } from "./test-compare.js";
import { HANDMADE_MODELS } from "./test-models.js";

describe("hand-made models also match the independent computation on the wasm backend", () => {
  before(async () => {
    assert.equal(await selectBackend("wasm", silentLogger), "wasm");
  });
  for (const [title, make, shape] of HANDMADE_MODELS) {
    it(`${title} (keras3, wasm)`, async (t) => {
      const worst = await compare(make(), "keras3", shape);
      t.diagnostic(`${worst.size} layers, max abs difference ${Math.max(...worst.values()).toExponential(2)}`);
      for (const [name, w] of worst) assert.ok(w <= 1e-4, `layer ${name}: max abs difference ${w}`);
    });
  }
});
