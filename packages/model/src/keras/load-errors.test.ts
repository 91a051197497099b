import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { strToU8, zipSync } from "fflate";
import { ModelLoadError, type ModelLoadErrorCode } from "./errors.js";
import { readKerasModel } from "./load.js";
import { buildH5 } from "./test-h5-build.js";
import { packModel, type ModelSpec } from "./test-keras-spec.js";
import { nestedSequentialModel } from "./test-models.js";
import { FIXTURE_DIR, fixturesSkip } from "./test-fixtures.js";

const PNG_1x1 = Uint8Array.from(
  Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64"),
);

async function expectError(source: string | Uint8Array, code: ModelLoadErrorCode, ...mentions: string[]): Promise<ModelLoadError> {
  const err = await readKerasModel(source, typeof source === "string" ? {} : { name: "user-model.keras" }).then(
    () => assert.fail(`expected ${code}, but the model loaded`),
    (e: unknown) => e,
  );
  assert.ok(err instanceof ModelLoadError, `expected a ModelLoadError, got ${String(err)}`);
  assert.equal(err.code, code, err.message);
  for (const m of mentions) assert.ok(err.message.includes(m), `message "${err.message}" does not mention "${m}"`);
  return err;
}

/** A copy of the nested model spec with one edit applied. */
function edited(edit: (m: ModelSpec) => void): ModelSpec {
  const m = nestedSequentialModel();
  edit(m);
  return m;
}

describe("files that are not loadable models give their own ModelLoadError", () => {
  const dir = mkdtempSync(join(tmpdir(), "keras-errors-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("a missing path is NOT_FOUND and names the path", async () => {
    const path = join(dir, "nope.keras");
    const err = await expectError(path, "NOT_FOUND", path);
    assert.equal(err.file, path);
  });

  it("a PNG, a JSON document and an empty file are NOT_A_MODEL naming the file", async () => {
    await expectError(PNG_1x1, "NOT_A_MODEL", "user-model.keras");
    await expectError(strToU8('{"class_name": "Sequential"}'), "NOT_A_MODEL", "user-model.keras");
    await expectError(new Uint8Array(0), "NOT_A_MODEL", "empty");
  });

  it("a zip without config.json is NOT_A_MODEL", async () => {
    await expectError(zipSync({ "readme.txt": strToU8("hello") }), "NOT_A_MODEL", "config.json");
  });

  it("an HDF5 file without model_config (weights only) is NOT_A_MODEL", async () => {
    const h5 = await buildH5({ datasets: { "dense/dense/kernel:0": { shape: [1], data: new Float32Array([1]) } } });
    await expectError(h5, "NOT_A_MODEL", "model_config");
  });

  it("truncated zip and HDF5 files are CORRUPT_FILE", async () => {
    const zip = await packModel(nestedSequentialModel(), "keras3");
    await expectError(zip.subarray(0, Math.floor(zip.length / 2)), "CORRUPT_FILE", "user-model.keras");
    const h5 = await packModel(nestedSequentialModel(), "legacy-h5");
    await expectError(h5.subarray(0, 600), "CORRUPT_FILE", "user-model.keras");
    // A few bytes cut off the end still leave every dataset readable; the superblock's length gives it away.
    await expectError(h5.subarray(0, h5.length - 64), "CORRUPT_FILE", "truncated");
  });

  it("a zip whose config.json is not JSON is CORRUPT_FILE", async () => {
    const zip = zipSync({ "config.json": strToU8("{not json"), "model.weights.h5": new Uint8Array(8) });
    await expectError(zip, "CORRUPT_FILE", "config.json");
  });

  it("an unknown layer type is UNSUPPORTED_LAYER naming the layer and the file", async () => {
    const spec = edited((m) => m.layers.splice(2, 0, { cls: "LSTM", name: "my_lstm", cfg: { units: 4 } }));
    for (const d of ["keras3", "legacy-h5"] as const) {
      const err = await expectError(await packModel(spec, d), "UNSUPPORTED_LAYER", "my_lstm", "LSTM", "user-model.keras");
      assert.equal(err.layer, '"my_lstm" (LSTM)');
    }
  });

  it("an option tfjs cannot honour is UNSUPPORTED_OPTION naming layer, option and file", async () => {
    const grouped = edited((m) => (m.layers[2]!.cfg = { ...m.layers[2]!.cfg, activation: "crazy_act" }));
    const err = await expectError(await packModel(grouped, "keras3"), "UNSUPPORTED_OPTION", "head", "activation", "crazy_act", "user-model.keras");
    assert.ok(err.option?.startsWith("activation="));
    const future = edited((m) => (m.layers[2]!.cfg = { ...m.layers[2]!.cfg, lora_rank: 4 }));
    await expectError(await packModel(future, "keras3"), "UNSUPPORTED_OPTION", "head", "lora_rank");
  });

  it("missing, extra and misshapen weights are WEIGHT_MISMATCH naming layer and variable", async () => {
    const missing = edited((m) => m.layers[2]!.weights!.pop());
    for (const d of ["keras3", "keras2-zip", "legacy-h5"] as const) {
      await expectError(await packModel(missing, d), "WEIGHT_MISMATCH", "head", "bias");
    }
    const misshapen = edited((m) => (m.layers[2]!.weights![0]![1] = { shape: [2, 4], data: new Float32Array(8) }));
    for (const d of ["keras3", "legacy-h5"] as const) {
      await expectError(await packModel(misshapen, d), "WEIGHT_MISMATCH", "head", "kernel", "[2, 4]", "[4, 2]");
    }
    const extra = edited((m) => m.layers[2]!.weights!.push(["surprise", { shape: [2], data: new Float32Array(2) }]));
    for (const d of ["keras3", "legacy-h5"] as const) {
      await expectError(await packModel(extra, d), "WEIGHT_MISMATCH", "head");
    }
  });

  it("a legacy HDF5 model opens whatever its extension, and so does a zip named .h5", async (t) => {
    const h5Path = join(dir, "model.keras");
    writeFileSync(h5Path, await packModel(nestedSequentialModel(), "legacy-h5"));
    assert.equal((await readKerasModel(h5Path)).format, "legacy-h5");
    const zipPath = join(dir, "model.h5");
    writeFileSync(zipPath, await packModel(nestedSequentialModel(), "keras3"));
    assert.equal((await readKerasModel(zipPath)).format, "keras3");
    if (fixturesSkip() === false) {
      const bytes = readFileSync(join(FIXTURE_DIR, "seed-mlp-legacy-h5.keras"));
      assert.equal((await readKerasModel(bytes)).format, "legacy-h5");
    } else t.diagnostic("fixture part skipped: fixtures absent");
  });
});
