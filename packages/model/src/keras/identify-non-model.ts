// Files users often mistake for a Keras model: weights-only saves, TensorFlow
// SavedModels, TF.js exports, bare architecture JSON. Each gets a message
// that says what the file is and how to save a loadable model instead.
import { strFromU8 } from "fflate";
import { isJson } from "./keras-config.js";

/** What to do instead, appended to every NOT_A_MODEL explanation. */
export const SAVE_HINT = 'save the whole model from Python with model.save("model.keras") (Keras 3 or tf.keras ≥ 2.13) or model.save("model.h5")';

/** Explains a file that is neither zip nor HDF5; null when it is not recognised. */
export function explainOtherBytes(bytes: Uint8Array): string | null {
  const head = strFromU8(bytes.subarray(0, Math.min(bytes.length, 4096)), true).trimStart();
  if (head.startsWith("{")) {
    let doc: unknown = null;
    try {
      doc = JSON.parse(strFromU8(bytes));
    } catch {
      return null;
    }
    if (isJson(doc) && ("modelTopology" in doc || "weightsManifest" in doc)) {
      return `This is a TensorFlow.js model.json, not a Keras file: ${SAVE_HINT}`;
    }
    if (isJson(doc) && typeof doc.class_name === "string") {
      return `This is a Keras architecture JSON (model.to_json()) with no weights: ${SAVE_HINT}`;
    }
    return null;
  }
  if (isCheckpointIndex(bytes)) {
    return `This is a TensorFlow checkpoint index (model.save_weights("ckpt")): it holds weights only, without the model; ${SAVE_HINT}`;
  }
  return null;
}

/** Explains a zip without config.json from its entry names; null when not recognised. */
export function explainOtherZip(names: string[]): string | null {
  const base = (n: string) => n.split("/").pop() ?? n;
  if (names.some((n) => base(n) === "saved_model.pb" || base(n) === "saved_model.pbtxt")) {
    return `This zip holds a TensorFlow SavedModel (model.save("dir") in tf.keras 2.x, or model.export()), which this loader cannot read: ${SAVE_HINT}`;
  }
  if (names.some((n) => base(n) === "model.json")) {
    return `This zip holds a TensorFlow.js model (model.json + .bin shards), not a Keras file: ${SAVE_HINT}`;
  }
  if (names.some((n) => base(n) === "model.weights.h5")) {
    return `This zip holds model.weights.h5 but no config.json, so the model's architecture is missing: ${SAVE_HINT}`;
  }
  return null;
}

/** Explains an HDF5 file without model_config from its root groups and attributes. */
export function explainHdf5WithoutConfig(rootKeys: string[], rootAttrs: Record<string, unknown>): string {
  if (rootAttrs.layer_names !== undefined || rootAttrs.layer_names0 !== undefined) {
    return `This HDF5 file holds weights only (model.save_weights("x.h5") in tf.keras 2.x), without the model: ${SAVE_HINT}`;
  }
  if (rootKeys.includes("layers") || rootKeys.includes("_layer_checkpoint_dependencies") || rootKeys.includes("vars")) {
    return `This HDF5 file holds weights only (Keras 3 model.save_weights("x.weights.h5")), without the model: ${SAVE_HINT}`;
  }
  return `The HDF5 file has no model_config attribute, so it is not a Keras model: ${SAVE_HINT}`;
}

/** Explains a directory from its entries. */
export function explainDirectory(entries: string[]): string {
  if (entries.includes("saved_model.pb") || entries.includes("saved_model.pbtxt")) {
    return `The path is a TensorFlow SavedModel directory (model.save("dir") in tf.keras 2.x, or model.export()), which this loader cannot read: ${SAVE_HINT}`;
  }
  if (entries.includes("model.json")) {
    return `The path is a TensorFlow.js model directory, not a Keras file: ${SAVE_HINT}`;
  }
  return "The path is a directory, not a model file";
}

/** LevelDB-style table footer magic, which TensorFlow checkpoint `.index` files end with. */
function isCheckpointIndex(bytes: Uint8Array): boolean {
  const magic = [0x57, 0xfb, 0x80, 0x8b, 0x24, 0x75, 0x47, 0xdb];
  if (bytes.length < 48) return false;
  const at = bytes.length - 8;
  return magic.every((b, i) => bytes[at + i] === b);
}
