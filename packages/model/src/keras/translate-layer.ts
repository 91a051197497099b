// One Keras layer config → the Keras-2-style config tfjs-layers 4.22 accepts,
// plus the layer's weights in Keras creation order (how `.keras` files number
// them) with their names. Every option is either honoured or refused.
import type { ErrorContext } from "./errors.js";
import { isJson, type Dialect, type Json } from "./keras-config.js";
import { TRANSLATORS } from "./layer-translators.js";
import { OptionReader } from "./options.js";

/** One weight: tfjs's variable name and the names Keras files use for it. */
export interface WeightSpec {
  tfjs: string;
  keras: string[];
}

/** A translated layer. */
export interface TranslatedLayer {
  className: string;
  config: Json;
  weights: WeightSpec[];
}

/** Keras layer classes this loader understands (containers aside). */
export const SUPPORTED_LAYERS = Object.keys(TRANSLATORS);

/** Reads a layer's dtype; any float type runs in float32 (see notes). */
function readDtype(o: OptionReader, isInput: boolean): void {
  const raw = o.config.dtype;
  if (raw === undefined || raw === null) return;
  let name: unknown = raw;
  if (isJson(raw)) name = isJson(raw.config) ? raw.config.name : undefined;
  if (typeof name !== "string") o.unsupported("dtype", raw, "unreadable dtype");
  if (name === "float32") return;
  if (/^(mixed_)?(float16|bfloat16|float64)$/.test(name)) {
    o.notes.push(`layer ${o.layer}: dtype ${name} computed in float32`);
    return;
  }
  if (isInput && /^u?int(8|16|32|64)$/.test(name)) {
    o.notes.push(`layer ${o.layer}: input dtype ${name} fed as float32`);
    return;
  }
  o.unsupported("dtype", name, "only floating-point layers are supported");
}

/** Translates one non-container layer; throws UNSUPPORTED_LAYER/OPTION. */
export function translateLayer(
  kerasClass: string,
  config: Json,
  layerLabel: string,
  dialect: Dialect,
  ctx: ErrorContext,
  notes: string[],
): TranslatedLayer {
  const o = new OptionReader(config, layerLabel, ctx);
  const out: Json = { name: o.get("name"), trainable: false, dtype: "float32" };
  readDtype(o, kerasClass === "InputLayer");
  const batchShape = o.get("batch_input_shape") ?? o.get("batch_shape");
  // A fixed batch size (Input(batch_size=32)) would make tfjs refuse other batch sizes; inference is per sample.
  if (Array.isArray(batchShape)) out.batch_input_shape = [null, ...batchShape.slice(1)];
  else if (kerasClass !== "InputLayer") {
    // Hand-written or very old configs give the first layer `input_shape` / `input_dim` instead.
    const shape = o.get("input_shape");
    const dim = o.get("input_dim");
    if (Array.isArray(shape)) out.batch_input_shape = [null, ...shape];
    else if (typeof dim === "number" && dim > 0) out.batch_input_shape = [null, dim];
  }

  if (kerasClass === "InputLayer") {
    if (!Array.isArray(batchShape)) {
      const shape = o.get("input_shape") ?? o.get("shape");
      if (!Array.isArray(shape)) ctx.option(layerLabel, "batch_shape", "the input shape is missing");
      out.batch_input_shape = [null, ...shape];
    }
    o.expect("input_tensor", () => false, "input tensors cannot be restored");
    o.finish();
    notes.push(...o.notes);
    return { className: "InputLayer", config: { ...out, sparse: false }, weights: [] };
  }

  const translate = TRANSLATORS[kerasClass];
  if (translate === undefined) {
    return ctx.fail("UNSUPPORTED_LAYER", `Layer ${layerLabel}: layer type ${kerasClass} is not supported`, {
      layer: layerLabel,
    });
  }
  const t = translate(o, dialect);
  o.finish();
  notes.push(...o.notes);
  return { className: t.className, config: { ...out, ...t.config }, weights: t.weights ?? [] };
}
