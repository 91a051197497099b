import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { unzipSync, strFromU8 } from "fflate";
import { FIXTURE_DIR, fixturesSkip } from "../keras/test-fixtures.js";
import { readKerasModel } from "../keras/index.js";
import { exportKeras3, KERAS_FORMAT_VERSION } from "./export-keras3.js";
import { KerasExportError, toSnakeCase } from "./keras3-layers.js";
import { listH5 } from "./test-h5-tree.js";

function smallCnn(): tf.Sequential {
  const m = tf.sequential({ name: "digit_cnn" });
  m.add(tf.layers.rescaling({ inputShape: [28, 28, 1], scale: 1 / 255, name: "rescaling" }));
  m.add(tf.layers.conv2d({ filters: 4, kernelSize: 5, padding: "same", activation: "relu", name: "conv2d_1" }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2, name: "max_pooling2d_1" }));
  m.add(tf.layers.conv2d({ filters: 6, kernelSize: 3, padding: "same", useBias: false, name: "conv2d_2" }));
  m.add(tf.layers.batchNormalization({ name: "batch_normalization_1" }));
  m.add(tf.layers.reLU({ name: "re_lu_1" }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2, name: "max_pooling2d_2" }));
  m.add(tf.layers.flatten({ name: "flatten" }));
  m.add(tf.layers.dropout({ rate: 0.3, name: "dropout_1" }));
  m.add(tf.layers.dense({ units: 12, activation: "relu", name: "dense_1" }));
  m.add(tf.layers.dense({ units: 10, activation: "softmax", name: "dense_2" }));
  // Non-trivial batch-norm statistics, so a loader that ignores them fails.
  const bn = m.getLayer("batch_normalization_1");
  bn.setWeights(bn.getWeights().map((w, i) => tf.add(w, tf.randomUniform(w.shape, 0.1, 0.5, "float32", 7 + i))));
  return m;
}

type J = Record<string, unknown>;

describe("exportKeras3", () => {
  it("writes the three zip members, stored, in Keras's order", async () => {
    const bytes = await exportKeras3(smallCnn(), { date: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)) });
    const files = unzipSync(bytes);
    assert.deepEqual(Object.keys(files), ["metadata.json", "config.json", "model.weights.h5"]);
    // Local header of the first member: compression method 0 (stored), as Keras writes.
    assert.equal(bytes[8]! | (bytes[9]! << 8), 0);
    assert.deepEqual(JSON.parse(strFromU8(files["metadata.json"]!)), { keras_version: KERAS_FORMAT_VERSION, date_saved: "2026-01-02@03:04:05" });
    assert.match(strFromU8(files["config.json"]!), /^\{"module": "keras", "class_name": "Sequential", /);
  });

  it("lays out model.weights.h5 as Keras 3 does: layers/<class name>[_n]/vars/<i> and a top-level vars group", async () => {
    const files = unzipSync(await exportKeras3(smallCnn()));
    const tree = await listH5(files["model.weights.h5"]!);
    assert.deepEqual(tree, [
      "/layers/",
      "/layers/batch_normalization/",
      "/layers/batch_normalization/vars/",
      "/layers/batch_normalization/vars/0 [6]",
      "/layers/batch_normalization/vars/1 [6]",
      "/layers/batch_normalization/vars/2 [6]",
      "/layers/batch_normalization/vars/3 [6]",
      "/layers/conv2d/",
      "/layers/conv2d/vars/",
      "/layers/conv2d/vars/0 [5,5,1,4]",
      "/layers/conv2d/vars/1 [4]",
      "/layers/conv2d_1/",
      "/layers/conv2d_1/vars/",
      "/layers/conv2d_1/vars/0 [3,3,4,6]",
      "/layers/dense/",
      "/layers/dense/vars/",
      "/layers/dense/vars/0 [294,12]",
      "/layers/dense/vars/1 [12]",
      "/layers/dense_1/",
      "/layers/dense_1/vars/",
      "/layers/dense_1/vars/0 [12,10]",
      "/layers/dense_1/vars/1 [10]",
      "/layers/dropout/",
      "/layers/dropout/vars/",
      "/layers/flatten/",
      "/layers/flatten/vars/",
      "/layers/max_pooling2d/",
      "/layers/max_pooling2d/vars/",
      "/layers/max_pooling2d_1/",
      "/layers/max_pooling2d_1/vars/",
      "/layers/re_lu/",
      "/layers/re_lu/vars/",
      "/layers/rescaling/",
      "/layers/rescaling/vars/",
      "/vars/",
    ]);
  });

  it("matches the real Keras 3.4.1 file: same members, same HDF5 naming, same config keys per layer class", async (t) => {
    const skip = fixturesSkip();
    if (skip) return t.skip(skip);
    const real = unzipSync(readFileSync(join(FIXTURE_DIR, "cnn-rescaling-keras3.keras")));
    const ours = unzipSync(await exportKeras3(smallCnn()));
    assert.deepEqual(Object.keys(ours), Object.keys(real));
    const realMeta = JSON.parse(strFromU8(real["metadata.json"]!)) as J;
    const ourMeta = JSON.parse(strFromU8(ours["metadata.json"]!)) as J;
    assert.deepEqual(Object.keys(ourMeta), Object.keys(realMeta));
    assert.equal(ourMeta["keras_version"], realMeta["keras_version"]);

    const realCfg = JSON.parse(strFromU8(real["config.json"]!)) as J;
    const ourCfg = JSON.parse(strFromU8(ours["config.json"]!)) as J;
    // The real file was saved compiled; ours is an inference model, so no compile_config.
    assert.deepEqual(Object.keys(ourCfg), Object.keys(realCfg).filter((k) => k !== "compile_config"));
    const inner = (c: J): J => c["config"] as J;
    assert.deepEqual(Object.keys(inner(ourCfg)), Object.keys(inner(realCfg)));
    assert.deepEqual(inner(ourCfg)["dtype"], inner(realCfg)["dtype"]);
    const byClass = (c: J): Map<string, J> => new Map((inner(c)["layers"] as J[]).map((l) => [l["class_name"] as string, l]));
    const realLayers = byClass(realCfg);
    let compared = 0;
    for (const [cls, layer] of byClass(ourCfg)) {
      const ref = realLayers.get(cls);
      if (!ref) continue;
      compared++;
      assert.deepEqual(Object.keys(layer), Object.keys(ref), `${cls}: top-level keys`);
      assert.deepEqual(Object.keys(layer["config"] as J), Object.keys(ref["config"] as J), `${cls}: config keys`);
      assert.equal(layer["module"], ref["module"]);
    }
    assert.equal(compared, 6, "InputLayer, Rescaling, Conv2D, MaxPooling2D, Dropout and Dense are compared");

    const realTree = await listH5(real["model.weights.h5"]!);
    const ourTree = await listH5(ours["model.weights.h5"]!);
    // Same top-level groups (the real one also keeps optimizer state), same class-derived names.
    const top = (tree: string[]): string[] => tree.filter((p) => /^\/[^/]+\/$/.test(p));
    assert.deepEqual(top(ourTree), top(realTree).filter((p) => p !== "/optimizer/"));
    assert.ok(realTree.includes("/layers/conv2d_1/vars/0 [3,3,32,64]") && ourTree.includes("/layers/conv2d_1/vars/0 [3,3,4,6]"));
  });

  it("reads back through readKerasModel to identical probabilities", async () => {
    const model = smallCnn();
    const loaded = await readKerasModel(await exportKeras3(model));
    assert.equal(loaded.format, "keras3");
    assert.equal(loaded.kerasVersion, KERAS_FORMAT_VERSION);
    assert.deepEqual(loaded.inputShape, [28, 28, 1]);
    const x = tf.randomUniform([5, 28, 28, 1], 0, 255, "float32", 3);
    const a = (model.predict(x) as tf.Tensor).dataSync();
    const b = (loaded.model.predict(x) as tf.Tensor).dataSync();
    assert.deepEqual(Array.from(b), Array.from(a));
  });

  it("refuses layers it cannot express, with a typed error", async () => {
    const m = tf.sequential();
    m.add(tf.layers.dense({ inputShape: [4], units: 2, kernelRegularizer: tf.regularizers.l2() }));
    await assert.rejects(exportKeras3(m), KerasExportError);
    const input = tf.input({ shape: [3] });
    const functional = tf.model({ inputs: input, outputs: tf.layers.dense({ units: 1 }).apply(input) as tf.SymbolicTensor });
    await assert.rejects(exportKeras3(functional), KerasExportError);
  });

  it("names classes the way Keras's to_snake_case does", () => {
    assert.equal(toSnakeCase("Conv2D"), "conv2d");
    assert.equal(toSnakeCase("MaxPooling2D"), "max_pooling2d");
    assert.equal(toSnakeCase("GlobalAveragePooling2D"), "global_average_pooling2d");
    assert.equal(toSnakeCase("BatchNormalization"), "batch_normalization");
    assert.equal(toSnakeCase("ReLU"), "re_lu");
  });
});
