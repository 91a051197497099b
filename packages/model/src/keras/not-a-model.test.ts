import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { strToU8, zipSync } from "fflate";
import { ModelLoadError } from "./errors.js";
import { readKerasModel } from "./load.js";
import { buildH5 } from "./test-h5-build.js";

/** Asserts NOT_A_MODEL whose message names what the file is and says to save the whole model. */
async function expectNotAModel(source: string | Uint8Array, ...mentions: string[]): Promise<void> {
  const err = await readKerasModel(source, typeof source === "string" ? {} : { name: "upload.bin" }).then(
    () => assert.fail("expected NOT_A_MODEL, but the model loaded"),
    (e: unknown) => e,
  );
  assert.ok(err instanceof ModelLoadError, String(err));
  assert.equal(err.code, "NOT_A_MODEL", err.message);
  for (const m of [...mentions, 'model.save("model.keras")']) assert.ok(err.message.includes(m), `"${err.message}" does not mention "${m}"`);
}

const one = { shape: [1], data: new Float32Array([1]) };

describe("files that are not whole Keras models say what they are and what to save instead", () => {
  const dir = mkdtempSync(join(tmpdir(), "keras-not-model-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("a tf.keras 2.x save_weights .h5 is named a weights-only file", async () => {
    const h5 = await buildH5({
      attrs: { "": { layer_names: ["dense"], backend: "tensorflow", keras_version: "2.10.0" }, dense: { weight_names: ["dense/kernel:0"] } },
      datasets: { "dense/dense/kernel:0": one },
    });
    await expectNotAModel(h5, "weights only", "save_weights");
  });

  it("a Keras 3 .weights.h5 is named a weights-only file", async () => {
    const h5 = await buildH5({ groups: ["vars", "layers/dense/vars"], datasets: { "layers/dense/vars/0": one } });
    await expectNotAModel(h5, "weights only", "Keras 3");
  });

  it("a SavedModel directory and a zipped SavedModel are named SavedModels", async () => {
    const saved = join(dir, "my_model");
    mkdirSync(join(saved, "variables"), { recursive: true });
    writeFileSync(join(saved, "saved_model.pb"), new Uint8Array([0x08, 0x01, 0x12, 0x00]));
    writeFileSync(join(saved, "keras_metadata.pb"), new Uint8Array([0x0a]));
    await expectNotAModel(saved, "SavedModel");
    const zip = zipSync({ "my_model/saved_model.pb": new Uint8Array([8, 1]), "my_model/variables/variables.index": new Uint8Array([0]) });
    await expectNotAModel(zip, "SavedModel");
  });

  it("a TensorFlow.js model.json, alone or zipped, is named a TensorFlow.js model", async () => {
    const json = strToU8(JSON.stringify({ format: "layers-model", modelTopology: { class_name: "Sequential" }, weightsManifest: [] }));
    await expectNotAModel(json, "TensorFlow.js");
    await expectNotAModel(zipSync({ "model.json": json, "group1-shard1of1.bin": new Uint8Array(4) }), "TensorFlow.js");
  });

  it("a bare architecture JSON (model.to_json()) is named as having no weights", async () => {
    await expectNotAModel(strToU8(JSON.stringify({ class_name: "Sequential", config: { layers: [] }, keras_version: "2.15.0" })), "no weights");
  });

  it("a TensorFlow checkpoint index (save_weights without .h5) is named a checkpoint", async () => {
    const index = new Uint8Array(64);
    index.set([0x57, 0xfb, 0x80, 0x8b, 0x24, 0x75, 0x47, 0xdb], 56);
    await expectNotAModel(index, "checkpoint");
  });

  it("any other file still gets NOT_A_MODEL with the saving advice", async () => {
    await expectNotAModel(strToU8("just some text"), "neither a Keras zip nor an HDF5 file");
  });
});
