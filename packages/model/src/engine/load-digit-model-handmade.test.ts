// loadDigitModel on small hand-made Keras files (written with the loader's
// test helpers), checked against the loader's plain-TypeScript forward pass.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { silentLogger } from "@repo/logger";
import { referenceDigits } from "../convention/reference-digits.js";
import { logLines } from "../convention/test-log-lines.js";
import { mnistSample, samplePng } from "../image/test-images.js";
import { ModelLoadError } from "../keras/errors.js";
import { arr } from "../keras/test-check-output.js";
import { packModel, type Dialect, type LayerSpec, type ModelSpec } from "../keras/test-keras-spec.js";
import { reference, type T } from "../keras/test-reference.js";
import { softmaxLast } from "../keras/test-reference-ops.js";
import type { InputConvention, ModelImage } from "../types.js";
import type { DigitModel } from "./digit-model.js";
import { loadDigitModel, type LoadDigitModelOptions } from "./load-digit-model.js";

const dir = mkdtempSync(join(tmpdir(), "digit-model-"));
after(() => rmSync(dir, { recursive: true, force: true }));

async function load(spec: ModelSpec, dialect: Dialect, opts: Partial<LoadDigitModelOptions> = {}): Promise<DigitModel> {
  const path = join(dir, `${spec.name}-${dialect}.keras`);
  writeFileSync(path, await packModel(spec, dialect));
  return loadDigitModel({ path, backend: "wasm", logger: silentLogger, ...opts });
}

const dense = (name: string, inp: number, units: number, activation: string, seed: number): LayerSpec => ({
  cls: "Dense",
  name,
  cfg: { units, activation, use_bias: true },
  weights: [["kernel", arr([inp, units], seed)], ["bias", arr([units], seed + 1, 0.1)]],
});

const conv = (name: string, cin: number, filters: number, seed: number, cfg: Record<string, unknown>): LayerSpec => ({
  cls: "Conv2D",
  name,
  cfg: { filters, kernel_size: [3, 3], strides: [1, 1], padding: "same", data_format: "channels_last", dilation_rate: [1, 1], groups: 1, activation: "relu", use_bias: true, ...cfg },
  weights: [["kernel", arr([3, 3, cin, filters], seed)], ["bias", arr([filters], seed + 1, 0.1)]],
});

/** The model input for one image, built here in plain TS: convention applied, grey repeated per channel plane (C×H×W) or per pixel (H×W×C). */
function input(img: ModelImage, c: InputConvention, shape: number[], channelsFirst = false): T {
  const k = c.scale === "0..255" ? 255 : 1;
  const grey = Array.from(img, (v) => (c.polarity === "dark-on-light" ? 1 - v : v) * k);
  const channels = shape.length === 3 ? (channelsFirst ? shape[0]! : shape[2]!) : 1;
  const data = channelsFirst
    ? Array.from({ length: channels }, () => grey).flat()
    : grey.flatMap((v) => Array.from({ length: channels }, () => v));
  return { shape, data: Float64Array.from(data) };
}

/** Largest difference between predicted rows and the expected probabilities. */
function worst(rows: Float32Array[], want: T[]): number {
  let w = 0;
  rows.forEach((row, i) => {
    assert.equal(row.length, want[i]!.data.length);
    row.forEach((v, j) => (w = Math.max(w, Math.abs(v - want[i]!.data[j]!))));
  });
  return w;
}

const images = referenceDigits().images.slice(0, 12);

describe("loadDigitModel on hand-made files", () => {
  for (const dialect of ["keras3", "legacy-h5"] as const) {
    it(`turns the logits of a model ending in Dense(10, activation="linear") into their softmax (${dialect})`, async () => {
      const spec: ModelSpec = {
        kind: "Sequential",
        name: "logits",
        layers: [{ cls: "InputLayer", name: "input_layer", cfg: { shape: [784] } }, dense("hidden", 784, 16, "relu", 1), dense("logits", 16, 10, "linear", 3)],
      };
      const { logger, lines } = logLines("info");
      const model = await load(spec, dialect, { logger });
      try {
        const rows = await model.predict(images);
        const logits = images.map((img) => reference(spec, input(img, model.info.convention, [784]), dialect));
        // Logits far from equal, or a softmax of them would be close to anything uniform.
        assert.ok(Math.max(...logits[0]!.data) - Math.min(...logits[0]!.data) > 1, String(logits[0]!.data));
        for (const row of rows) assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-5);
        const w = worst(rows, logits.map(softmaxLast));
        assert.ok(w < 1e-5, `largest difference from softmax(logits): ${w}`);
        assert.ok(lines.some((l) => l.includes("softmax is applied") && l.includes('"source":"model file"')), lines.join("\n"));
      } finally {
        model.dispose();
      }
    });
  }

  it("applies the softmax the file calls for even when the logits happen to look like probabilities", async () => {
    // Zero kernel: every output is the bias, which is in 0..1 and sums to 1.
    const bias = Float32Array.from({ length: 10 }, (_, i) => (i + 1) / 55);
    const spec: ModelSpec = {
      kind: "Sequential",
      name: "looks-like-probabilities",
      layers: [
        { cls: "InputLayer", name: "input_layer", cfg: { shape: [28, 28] } },
        { cls: "Flatten", name: "flatten" },
        { cls: "Dense", name: "out", cfg: { units: 10, activation: "linear", use_bias: true }, weights: [["kernel", { shape: [784, 10], data: new Float32Array(7840) }], ["bias", { shape: [10], data: bias }]] },
      ],
    };
    const { logger, lines } = logLines("warn");
    const model = await load(spec, "keras3", { logger });
    try {
      const [row] = await model.predict(images.slice(0, 1));
      const want = softmaxLast({ shape: [10], data: Float64Array.from(bias) });
      assert.ok(worst([row!], [want]) < 1e-6, `got ${Array.from(row!)}`);
      assert.ok(Math.abs(row![9]! - bias[9]!) > 0.01, "the raw outputs were passed through");
      assert.ok(lines.some((l) => l.includes("look like probabilities")), lines.join("\n"));
    } finally {
      model.dispose();
    }
  });

  it("refuses a file whose output is not ten class scores, naming output_shape", async () => {
    const spec: ModelSpec = {
      kind: "Sequential",
      name: "five-classes",
      layers: [{ cls: "InputLayer", name: "input_layer", cfg: { shape: [784] } }, dense("out", 784, 5, "softmax", 5)],
    };
    await assert.rejects(load(spec, "keras3"), (err: unknown) => err instanceof ModelLoadError && err.option === "output_shape");
  });

  for (const channels of [1, 3]) {
    it(`feeds a channels_first CNN on (${channels}, 28, 28) the grey image in channels-first order`, async () => {
      const shape = [channels, 28, 28];
      const cf = { data_format: "channels_first" };
      const spec: ModelSpec = {
        kind: "Sequential",
        name: `channels-first-${channels}`,
        layers: [
          { cls: "InputLayer", name: "input_layer", cfg: { shape } },
          conv("conv2d", channels, 2, 10 + channels, cf),
          { cls: "MaxPooling2D", name: "max_pooling2d", cfg: { pool_size: [2, 2], strides: [2, 2], padding: "valid", ...cf } },
          { cls: "Flatten", name: "flatten", cfg: cf },
          dense("dense", 2 * 14 * 14, 10, "softmax", 20 + channels),
        ],
      };
      const model = await load(spec, "keras3");
      try {
        assert.deepEqual(model.info.inputShape, shape);
        assert.deepEqual(model.info.imageSize, { height: 28, width: 28 });
        const rows = await model.predict(images);
        const want = images.map((img) => reference(spec, input(img, model.info.convention, shape, true), "keras3"));
        const w = worst(rows, want);
        assert.ok(w < 1e-5, `largest difference from the reference: ${w}`);
      } finally {
        model.dispose();
      }
    });
  }

  it("feeds a fully convolutional model with free height and width 28×28 images, and says so", async () => {
    const spec: ModelSpec = {
      kind: "Sequential",
      name: "fully-convolutional",
      layers: [
        { cls: "InputLayer", name: "input_layer", cfg: { shape: [null, null, 1] } },
        conv("conv2d", 1, 4, 30, { padding: "valid" }),
        { cls: "MaxPooling2D", name: "max_pooling2d", cfg: { pool_size: [2, 2], strides: [2, 2], padding: "valid", data_format: "channels_last" } },
        conv("conv2d_1", 4, 10, 32, { padding: "valid", activation: "linear" }),
        { cls: "GlobalAveragePooling2D", name: "global_average_pooling2d", cfg: { data_format: "channels_last", keepdims: false } },
        { cls: "Softmax", name: "softmax", cfg: { axis: -1 } },
      ],
    };
    const { logger, lines } = logLines("info");
    const model = await load(spec, "keras3", { logger });
    try {
      assert.deepEqual(model.info.inputShape, [-1, -1, 1]);
      assert.deepEqual(model.info.imageSize, { height: 28, width: 28 });
      assert.ok(lines.some((l) => l.includes("accepts any image size") && l.includes("28×28")), lines.join("\n"));
      const rows = await model.predict(images);
      const want = images.map((img) => reference(spec, input(img, model.info.convention, [28, 28, 1]), "keras3"));
      const w = worst(rows, want);
      assert.ok(w < 1e-5, `largest difference from the reference: ${w}`);
      assert.equal((await model.decode(samplePng(mnistSample(3, 0)))).length, 28 * 28);
    } finally {
      model.dispose();
    }
  });
});
