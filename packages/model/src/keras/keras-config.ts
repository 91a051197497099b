// Helpers to read Keras JSON configs written by any Keras version: Keras 3 and
// Keras 2.13+ wrap objects as {module, class_name, config, registered_name},
// older Keras 2 as {class_name, config}.

/** A JSON object. */
export type Json = Record<string, unknown>;

/** A layer or model entry of a Keras config, wrappers removed. */
export interface KerasObject {
  className: string;
  config: Json;
  /** The wrapper's own fields (name, inbound_nodes, build_config, ...). */
  wrapper: Json;
}

/** Which Keras semantics apply to defaults that changed between versions. */
export interface Dialect {
  /** 3 for Keras 3 files, 2 for Keras 2 (TF 2.x) files. */
  kerasMajor: 2 | 3;
}

/** True for a plain JSON object. */
export function isJson(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Reads {class_name, config} (with or without Keras 3's module/registered_name); null if not such an object. */
export function unwrap(v: unknown): KerasObject | null {
  if (!isJson(v) || typeof v.class_name !== "string") return null;
  // Keras ≤ 2.2 stored a Sequential's config as the bare list of its layers.
  const config = isJson(v.config) ? v.config : Array.isArray(v.config) ? { layers: v.config } : {};
  return { className: v.class_name, config, wrapper: v };
}

/** The layer name of a wrapped layer entry. */
export function layerName(obj: KerasObject): string {
  const n = obj.config.name ?? obj.wrapper.name;
  return typeof n === "string" ? n : obj.className.toLowerCase();
}

/** "name (Class)", as used in error messages. */
export function label(obj: KerasObject): string {
  return `"${layerName(obj)}" (${obj.className})`;
}

/**
 * Keras's class-name → attribute name rule (`naming.to_snake_case`), used by
 * `.keras` weight files to address layers: Conv2D → conv2d,
 * BatchNormalization → batch_normalization.
 */
export function toSnakeCase(name: string): string {
  const a = name.replace(/\W+/g, "");
  const b = a.replace(/(.)([A-Z][a-z]+)/g, "$1_$2");
  return b.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();
}

/** Guesses the Keras major version from a config when no version string is stored. */
export function guessKerasMajor(config: unknown): 2 | 3 {
  const text = JSON.stringify(config);
  return text.includes('"batch_shape"') || text.includes('"DTypePolicy"') || text.includes('"__keras_tensor__"')
    ? 3
    : 2;
}

/** Major version from a version string like "3.4.1"; null when absent or odd. */
export function majorOf(version: string | null): 2 | 3 | null {
  if (version === null) return null;
  const m = /^(\d+)\./.exec(version);
  if (m === null) return null;
  const major = Number(m[1]);
  return major >= 3 ? 3 : major === 2 ? 2 : null;
}
