// A tfjs Sequential model → a Keras 3 `.keras` file, laid out as Keras 3.4's
// `model.save()` writes an uncompiled model: a stored (uncompressed) zip of
// metadata.json, config.json and model.weights.h5, the weights under
// `layers/<snake_case class name>[_n]/vars/<i>` plus an empty top-level `vars`.
import { writeFile } from "node:fs/promises";
import * as tf from "@tensorflow/tfjs";
import { zipSync } from "fflate";
import { writeH5, type H5Node } from "./h5-writer.js";
import { exportLayer, KerasExportError, toSnakeCase, DTYPE_POLICY, type Json } from "./keras3-layers.js";

/** The Keras version whose file layout this writer reproduces (checked against a real 3.4.1 file). */
export const KERAS_FORMAT_VERSION = "3.4.1";

/** Options for {@link exportKeras3}. */
export interface ExportKeras3Options {
  /** `date_saved` in metadata.json. @defaultValue now */
  date?: Date;
  /** Name of the InputLayer. @defaultValue "input_layer" */
  inputName?: string;
}

/** Python's `json.dumps` spacing, so the file reads like one Keras wrote. */
function pyJson(v: Json): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return `[${v.map(pyJson).join(", ")}]`;
  if (typeof v === "object") return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${pyJson(x)}`).join(", ")}}`;
  if (typeof v === "number" && !Number.isFinite(v)) throw new KerasExportError(`cannot store ${v} in config.json`);
  return JSON.stringify(v);
}

function kerasDate(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}@${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

const shapeJson = (shape: (number | null)[]): Json => shape.map((d) => (d == null || d < 0 ? null : d));

function layerInputShape(layer: tf.layers.Layer): (number | null)[] {
  const input = layer.input;
  if (Array.isArray(input)) throw new KerasExportError(`layer ${layer.name}: layers with several inputs are not supported`);
  return input.shape;
}

/** The parts of a `.keras` file, before zipping (exposed for tests and tools). */
export interface Keras3Parts {
  metadata: Json;
  config: Json;
  weights: H5Node;
}

/** Builds metadata, config and the weights tree of a Sequential model. */
export function buildKeras3Parts(model: tf.LayersModel, opts: ExportKeras3Options = {}): Keras3Parts {
  if (!(model instanceof tf.Sequential)) {
    throw new KerasExportError("only Sequential models can be exported (functional graphs are not implemented)");
  }
  if (model.inputs.length !== 1) throw new KerasExportError("the model must have exactly one input");
  const inputShape = model.inputs[0]!.shape;
  const layers: Json[] = [
    {
      module: "keras.layers",
      class_name: "InputLayer",
      config: { batch_shape: shapeJson(inputShape), dtype: "float32", sparse: false, name: opts.inputName ?? "input_layer" },
      registered_name: null,
    },
  ];
  const weightLayers: Record<string, H5Node> = {};
  const used = new Map<string, number>();
  for (const layer of model.layers) {
    const exported = exportLayer(layer);
    layers.push({
      module: "keras.layers",
      class_name: exported.className,
      config: exported.config,
      registered_name: null,
      build_config: { input_shape: shapeJson(layerInputShape(layer)) },
    });
    // Keras names weight groups by class (conv2d, conv2d_1, ...), in layer order.
    const stem = toSnakeCase(exported.className);
    const n = used.get(stem);
    used.set(stem, n === undefined ? 0 : n + 1);
    const key = n === undefined ? stem : `${stem}_${n + 1}`;
    const datasets: NonNullable<H5Node["datasets"]> = {};
    exported.variables.forEach((v, i) => {
      datasets[String(i)] = { shape: v.shape.map(Number), dtype: "float32", data: v.read().dataSync() as Float32Array };
    });
    weightLayers[key] = { groups: { vars: { datasets } } };
  }
  const config: Json = {
    module: "keras",
    class_name: "Sequential",
    config: {
      name: model.name,
      trainable: true,
      dtype: DTYPE_POLICY,
      layers,
      build_input_shape: shapeJson(inputShape),
    },
    registered_name: null,
    build_config: { input_shape: shapeJson(inputShape) },
  };
  return {
    metadata: { keras_version: KERAS_FORMAT_VERSION, date_saved: kerasDate(opts.date ?? new Date()) },
    config,
    weights: { groups: { layers: { groups: weightLayers }, vars: {} } },
  };
}

/** Serialises a Sequential tfjs model as Keras 3 `.keras` bytes; throws {@link KerasExportError} for what Keras 3 could not read back. */
export async function exportKeras3(model: tf.LayersModel, opts: ExportKeras3Options = {}): Promise<Uint8Array> {
  const parts = buildKeras3Parts(model, opts);
  const weights = await writeH5(parts.weights);
  const enc = new TextEncoder();
  // Keras writes the JSON members with zipfile's 1980 default date and the
  // weights with the file's own time, all stored without compression.
  const dosEpoch = new Date(1980, 0, 1);
  return zipSync(
    {
      "metadata.json": [enc.encode(pyJson(parts.metadata)), { level: 0, mtime: dosEpoch }],
      "config.json": [enc.encode(pyJson(parts.config)), { level: 0, mtime: dosEpoch }],
      "model.weights.h5": [weights, { level: 0, mtime: opts.date ?? new Date() }],
    },
    { level: 0 },
  );
}

/** Writes {@link exportKeras3}'s bytes to `path`; returns the byte count. */
export async function saveKeras3(model: tf.LayersModel, path: string, opts: ExportKeras3Options = {}): Promise<number> {
  const bytes = await exportKeras3(model, opts);
  await writeFile(path, bytes);
  return bytes.length;
}
