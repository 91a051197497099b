// Test helper: writes model files from a raw config exactly as a given Keras
// version shapes it (the hand-made specs of test-keras-spec.ts cover layers;
// these cover the file-level quirks real users' files have).
import { strToU8, zipSync } from "fflate";
import { buildH5, type Arr } from "./test-h5-build.js";

/** One legacy-HDF5 weight group: the stored weight names (as Keras wrote them) and arrays. */
export type LegacyGroups = Record<string, Array<[string, Arr]>>;

/** Options of {@link legacyH5}. */
export interface LegacyH5Options {
  config: unknown;
  kerasVersion: string;
  /** Groups under model_weights, in the order of `layer_names`. */
  groups: LegacyGroups;
  /** training_config (compiled models) and an optimizer_weights group, as `model.save` after `fit` writes. */
  trained?: boolean;
}

/** A legacy HDF5 file as tf.keras 2.x / Keras 3 `model.save("x.h5")` writes it. */
export function legacyH5(o: LegacyH5Options): Promise<Uint8Array> {
  const attrs: Record<string, Record<string, string | string[]>> = {
    "": { model_config: JSON.stringify(o.config), keras_version: o.kerasVersion, backend: "tensorflow" },
    model_weights: { layer_names: Object.keys(o.groups), backend: "tensorflow", keras_version: o.kerasVersion },
  };
  const datasets: Record<string, Arr> = {};
  // Saved since tf.keras 2.13 and by Keras 3; holds weights only for subclassed models.
  attrs["model_weights/top_level_model_weights"] = { weight_names: [] };
  for (const [group, weights] of Object.entries(o.groups)) {
    attrs[`model_weights/${group}`] = { weight_names: weights.map(([n]) => n) };
    for (const [n, arr] of weights) datasets[`model_weights/${group}/${n}`] = arr;
  }
  if (o.trained) {
    attrs[""]!.training_config = JSON.stringify({
      loss: { class_name: "SparseCategoricalCrossentropy", config: { from_logits: true, reduction: "auto", name: "sparse_categorical_crossentropy" } },
      metrics: [[{ class_name: "MeanMetricWrapper", config: { name: "accuracy", dtype: "float32", fn: "sparse_categorical_accuracy" } }]],
      optimizer_config: { class_name: "Adam", config: { name: "Adam", learning_rate: 0.001 } },
    });
    attrs.optimizer_weights = { weight_names: ["Adam/iter:0", "Adam/dense/kernel/m:0"] };
    datasets["optimizer_weights/Adam/iter:0"] = { shape: [], data: new Float32Array([1875]) };
    datasets["optimizer_weights/Adam/dense/kernel/m:0"] = { shape: [2, 2], data: new Float32Array(4) };
  }
  return buildH5({ attrs, datasets });
}

/** A `.keras` zip: config.json, metadata.json and model.weights.h5 with datasets at the given paths. */
export async function kerasZip(config: unknown, kerasVersion: string, weights: Record<string, Arr>): Promise<Uint8Array> {
  const groups = ["vars", ...Object.keys(weights).map((p) => p.split("/").slice(0, -1).join("/"))];
  const h5 = await buildH5({ groups, datasets: weights });
  const metadata = { keras_version: kerasVersion, date_saved: "2024-05-01@12:00:00" };
  return zipSync({ "metadata.json": strToU8(JSON.stringify(metadata)), "config.json": strToU8(JSON.stringify(config)), "model.weights.h5": h5 });
}

/** Keras 2 (tf.keras) layer entry as model_config holds it. */
export function k2Layer(cls: string, name: string, cfg: Record<string, unknown> = {}): Record<string, unknown> {
  return { class_name: cls, config: { name, trainable: true, dtype: "float32", ...cfg } };
}

/** tf.keras 2.x Dense config with its initializers and regularizer slots. */
export function k2Dense(name: string, units: number, activation: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return k2Layer("Dense", name, {
    units,
    activation,
    use_bias: true,
    kernel_initializer: { class_name: "GlorotUniform", config: { seed: null } },
    bias_initializer: { class_name: "Zeros", config: {} },
    kernel_regularizer: null,
    bias_regularizer: null,
    activity_regularizer: null,
    kernel_constraint: null,
    bias_constraint: null,
    ...extra,
  });
}

/** Keras 3's dtype policy object. */
export const policy = (name: string) => ({ module: "keras", class_name: "DTypePolicy", config: { name }, registered_name: null });

/** A Keras 3 layer entry (module path, registered_name, build_config). */
export function k3Layer(cls: string, name: string, cfg: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    module: "keras.layers",
    class_name: cls,
    config: { name, trainable: true, dtype: policy("float32"), ...cfg },
    registered_name: null,
    ...extra,
  };
}

/** Keras 3's serialised symbolic tensor, as inbound_nodes args hold it. */
export const kt = (layer: string, shape: Array<number | null>) => ({
  class_name: "__keras_tensor__",
  config: { shape, dtype: "float32", keras_history: [layer, 0, 0] },
});
