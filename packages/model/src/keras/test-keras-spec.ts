// Test helper: small hand-made models, written out the way each Keras
// version writes them (Keras 3 zip, Keras 2.13–2.15 zip, legacy HDF5).
import { strToU8, zipSync } from "fflate";
import { buildH5, type Arr } from "./test-h5-build.js";

/** One layer of a hand-made model. `cfg` holds the options both Keras versions share. */
export interface LayerSpec {
  cls: string;
  name: string;
  cfg?: Record<string, unknown>;
  /** Weights in Keras creation order, with their Keras variable names. */
  weights?: Array<[string, Arr]>;
  /** Functional models: names of the layers feeding this one. */
  inbound?: string[];
  nested?: ModelSpec;
}

/** A hand-made Sequential or Functional model. */
export interface ModelSpec {
  kind: "Sequential" | "Functional";
  name: string;
  layers: LayerSpec[];
  inputs?: string[];
  outputs?: string[];
}

/** How the file is written: Keras 3 zip, Keras 2.13–2.15 zip, legacy HDF5 from Keras 2, or legacy HDF5 from Keras 3's `model.save("x.h5")`. */
export type Dialect = "keras3" | "keras2-zip" | "legacy-h5" | "legacy-h5-keras3";

/** Whether the dialect writes Keras 3 configs (and has Keras 3 semantics). */
export const isKeras3 = (d: Dialect): boolean => d === "keras3" || d === "legacy-h5-keras3";

const MODULES: Record<string, string> = { Sequential: "keras", Functional: "keras" };

function dtype(d: Dialect): unknown {
  return isKeras3(d)
    ? { module: "keras", class_name: "DTypePolicy", config: { name: "float32" }, registered_name: null }
    : "float32";
}

function layerConfig(l: LayerSpec, d: Dialect): Record<string, unknown> {
  const cfg: Record<string, unknown> = { name: l.name, trainable: true, dtype: dtype(d), ...(l.cfg ?? {}) };
  if (l.cls === "InputLayer") {
    const shape = cfg.shape as number[];
    delete cfg.shape;
    delete cfg.trainable;
    cfg.dtype = "float32";
    cfg.sparse = false;
    if (isKeras3(d)) cfg.batch_shape = [null, ...shape];
    else {
      cfg.batch_input_shape = [null, ...shape];
      cfg.ragged = false;
    }
  }
  if (l.cls === "LeakyReLU" && !isKeras3(d)) {
    cfg.alpha = cfg.negative_slope;
    delete cfg.negative_slope;
  }
  if (isKeras3(d) && ["Dense", "Conv2D"].includes(l.cls)) {
    cfg.kernel_initializer = { module: "keras.initializers", class_name: "GlorotUniform", config: { seed: null }, registered_name: null };
    cfg.bias_initializer = { module: "keras.initializers", class_name: "Zeros", config: {}, registered_name: null };
    cfg.kernel_regularizer = null;
  }
  if (!isKeras3(d) && ["Dense", "Conv2D"].includes(l.cls)) {
    cfg.kernel_initializer = { class_name: "GlorotUniform", config: { seed: null } };
    cfg.bias_initializer = { class_name: "Zeros", config: {} };
  }
  return cfg;
}

function wrap(className: string, config: unknown, d: Dialect, extra: Record<string, unknown> = {}): Record<string, unknown> {
  if (d === "legacy-h5") return { class_name: className, config, ...extra };
  // Keras 3 and Keras 2.13+ `.keras` configs both carry module / registered_name.
  const module = MODULES[className] ?? "keras.layers";
  return { module, class_name: className, config, registered_name: null, ...extra };
}

function modelConfig(m: ModelSpec, d: Dialect): Record<string, unknown> {
  const layers = m.layers.map((l) => {
    const extra: Record<string, unknown> = {};
    if (m.kind === "Functional") {
      extra.name = l.name;
      extra.inbound_nodes = l.inbound === undefined ? [] : inbound(l.inbound, d);
    }
    if (l.nested) {
      const inner = modelConfig(l.nested, d);
      return { ...inner, ...extra };
    }
    return wrap(l.cls, layerConfig(l, d), d, extra);
  });
  const config: Record<string, unknown> = { name: m.name, trainable: true, layers };
  if (isKeras3(d)) config.dtype = dtype(d);
  if (m.kind === "Functional") {
    const refs = (names: string[]) => names.map((n) => [n, 0, 0]);
    config.input_layers = isKeras3(d) && m.inputs!.length === 1 ? refs(m.inputs!)[0] : refs(m.inputs!);
    config.output_layers = isKeras3(d) && m.outputs!.length === 1 ? refs(m.outputs!)[0] : refs(m.outputs!);
  }
  return wrap(m.kind, config, d);
}

function inbound(names: string[], d: Dialect): unknown[] {
  if (!isKeras3(d)) return [names.map((n) => [n, 0, 0, {}])];
  const kt = (n: string) => ({
    class_name: "__keras_tensor__",
    config: { shape: [null], dtype: "float32", keras_history: [n, 0, 0] },
  });
  return [{ args: names.length === 1 ? [kt(names[0]!)] : [names.map(kt)], kwargs: {} }];
}

const SNAKE: Record<string, string> = {
  Dense: "dense",
  Conv2D: "conv2d",
  DepthwiseConv2D: "depthwise_conv2d",
  SeparableConv2D: "separable_conv2d",
  BatchNormalization: "batch_normalization",
  LayerNormalization: "layer_normalization",
  PReLU: "p_re_lu",
  Sequential: "sequential",
  Functional: "functional",
};

/** `.keras` weight layout: <container>/<snake class>[_n]/vars/<i>, nested models nesting. */
function zipWeights(m: ModelSpec, container: string, prefix: string, out: Record<string, Arr>, groups: string[]): void {
  const used: Record<string, number> = {};
  for (const l of m.layers) {
    if (m.kind === "Sequential" && l.cls === "InputLayer") continue;
    const cls = l.nested ? l.nested.kind : l.cls;
    const snake = SNAKE[cls] ?? cls.toLowerCase();
    const n = used[snake];
    used[snake] = n === undefined ? 0 : n + 1;
    const key = n === undefined ? snake : `${snake}_${n + 1}`;
    const path = `${prefix}${container}/${key}`;
    groups.push(`${path}/vars`);
    if (l.nested) zipWeights(l.nested, container, `${path}/`, out, groups);
    (l.weights ?? []).forEach(([, arr], i) => (out[`${path}/vars/${i}`] = arr));
  }
}

/**
 * Legacy HDF5: model_weights/<layer>/<layer>/<var>:0 (Keras 3 drops the ":0"),
 * a nested model's group holding all its layers' weights.
 */
function legacyWeights(m: ModelSpec, version: string): { datasets: Record<string, Arr>; attrs: Record<string, Record<string, string | string[]>> } {
  const datasets: Record<string, Arr> = {};
  const attrs: Record<string, Record<string, string | string[]>> = {
    model_weights: { layer_names: m.layers.map((l) => l.name), backend: "tensorflow", keras_version: version },
  };
  const leaves = (l: LayerSpec): LayerSpec[] => (l.nested ? l.nested.layers.flatMap(leaves) : [l]);
  for (const l of m.layers) {
    const names: string[] = [];
    for (const leaf of leaves(l)) {
      for (const [varName, arr] of leaf.weights ?? []) {
        const wn = version.startsWith("3.") ? `${leaf.name}/${varName}` : `${leaf.name}/${varName}:0`;
        names.push(wn);
        datasets[`model_weights/${l.name}/${wn}`] = arr;
      }
    }
    attrs[`model_weights/${l.name}`] = { weight_names: names };
  }
  return { datasets, attrs };
}

/** Writes the model the way the given Keras version saves it. */
export async function packModel(m: ModelSpec, d: Dialect): Promise<Uint8Array> {
  const config = JSON.stringify(modelConfig(m, d));
  if (d === "legacy-h5" || d === "legacy-h5-keras3") {
    const version = d === "legacy-h5" ? "2.14.0" : "3.3.3";
    const { datasets, attrs } = legacyWeights(m, version);
    return buildH5({ attrs: { "": { model_config: config, keras_version: version, backend: "tensorflow" }, ...attrs }, datasets });
  }
  const datasets: Record<string, Arr> = {};
  const groups: string[] = ["vars"];
  zipWeights(m, d === "keras3" ? "layers" : "_layer_checkpoint_dependencies", "", datasets, groups);
  const weights = await buildH5({ groups, datasets });
  const metadata = JSON.stringify({ keras_version: d === "keras3" ? "3.5.0" : "2.15.0", date_saved: "2024-01-01@00:00:00" });
  return zipSync({ "metadata.json": strToU8(metadata), "config.json": strToU8(config), "model.weights.h5": weights });
}
