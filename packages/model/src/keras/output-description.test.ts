import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { ModelLoadError } from "./errors.js";
import { readKerasModel } from "./load.js";
import { arr } from "./test-check-output.js";
import { packModel, type ModelSpec } from "./test-keras-spec.js";
import { functionalModel, nestedSequentialModel } from "./test-models.js";
import { k2Dense, legacyH5 } from "./test-raw-files.js";

const dense = (name: string, inp: number, units: number, activation: string, inbound: string[]) => ({
  cls: "Dense",
  name,
  cfg: { units, activation },
  weights: [["kernel", arr([inp, units], units)], ["bias", arr([units], units + 1)]] as Array<[string, ReturnType<typeof arr>]>,
  inbound,
});

function model(outputs: string[], lastActivation = "softmax", classes = 10): ModelSpec {
  return {
    kind: "Functional",
    name: "f",
    inputs: ["x"],
    outputs,
    layers: [{ cls: "InputLayer", name: "x", cfg: { shape: [4] } }, dense("a", 4, classes, lastActivation, ["x"]), dense("b", 4, 2, "softmax", ["x"])],
  };
}

async function loadError(bytes: Uint8Array, classes?: number): Promise<ModelLoadError> {
  const err = await readKerasModel(bytes, classes === undefined ? {} : { classes }).then(
    () => assert.fail("expected an error"),
    (e: unknown) => e,
  );
  assert.ok(err instanceof ModelLoadError, String(err));
  return err;
}

describe("the model's output is described, and outputs a digit model cannot use are refused", () => {
  before(async () => {
    await tf.setBackend("cpu");
  });

  it("reports softmax outputs as probabilities and a linear Dense as logits, in every format", async () => {
    for (const d of ["keras3", "keras2-zip", "legacy-h5"] as const) {
      const probs = await readKerasModel(await packModel(model(["a"]), d));
      assert.equal(probs.outputIsProbabilities, true, d);
      assert.deepEqual(probs.outputShape, [10]);
      probs.model.dispose();
      const logits = await readKerasModel(await packModel(model(["a"], "linear"), d));
      assert.equal(logits.outputIsProbabilities, false, d);
      assert.equal(logits.outputActivation, "linear");
      logits.model.dispose();
    }
  });

  it("sees a Softmax layer, and a softmax inside a nested model's last layer, as probabilities", async () => {
    const viaLayer = await readKerasModel(await packModel(functionalModel(), "keras3"));
    assert.equal(viaLayer.outputActivation, "softmax");
    assert.equal(viaLayer.outputIsProbabilities, true);
    viaLayer.model.dispose();
    const nested = nestedSequentialModel();
    const inner = nested.layers[1]!.nested!;
    nested.layers.pop();
    inner.layers.push(dense("inner_head", 4, 10, "softmax", []));
    delete inner.layers[inner.layers.length - 1]!.inbound;
    const r = await readKerasModel(await packModel(nested, "legacy-h5"));
    assert.equal(r.outputIsProbabilities, true);
    r.model.dispose();
  });

  it("does not call sigmoid outputs probabilities", async () => {
    const r = await readKerasModel(await packModel(model(["a"], "sigmoid"), "keras3"));
    assert.equal(r.outputIsProbabilities, false);
    assert.equal(r.outputActivation, "sigmoid");
    r.model.dispose();
  });

  it("refuses a model with two outputs, naming the outputs", async () => {
    const err = await loadError(await packModel(model(["a", "b"]), "keras3"));
    assert.equal(err.code, "UNSUPPORTED_OPTION");
    assert.equal(err.option, "outputs");
    assert.match(err.message, /2 outputs/);
  });

  it("refuses an output of 3 classes when 10 are asked for, and loads it when no count is asked", async () => {
    const bytes = await packModel(model(["a"], "softmax", 3), "legacy-h5");
    const err = await loadError(bytes, 10);
    assert.equal(err.option, "output_shape");
    assert.match(err.message, /\[3\].*10 class scores/);
    const r = await readKerasModel(bytes);
    assert.deepEqual(r.outputShape, [3]);
    r.model.dispose();
  });

  it("refuses a Sequential saved before it was built, saying how to fix it", async () => {
    const config = { class_name: "Sequential", config: { name: "s", layers: [k2Dense("dense", 10, "softmax")] } };
    const err = await loadError(await legacyH5({ config, kerasVersion: "2.15.0", groups: { dense: [] } }));
    assert.equal(err.code, "UNSUPPORTED_OPTION");
    assert.match(err.message, /no input shape.*build/);
  });
});
