// Some Keras writers encode tuples and shapes as tagged objects
// ({"class_name": "__tuple__", "items": [...]}, TensorShape likewise) instead
// of JSON lists; every later step expects plain lists, so they are unwrapped
// once, up front.
import { isJson } from "./keras-config.js";

const LIST_TAGS = new Set(["__tuple__", "TensorShape"]);

/** A deep copy of a Keras config with tagged tuples/shapes turned into plain lists. */
export function normalizeConfig(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalizeConfig);
  if (!isJson(v)) return v;
  if (typeof v.class_name === "string" && LIST_TAGS.has(v.class_name) && Array.isArray(v.items)) {
    return v.items.map(normalizeConfig);
  }
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = normalizeConfig(x);
  return out;
}
