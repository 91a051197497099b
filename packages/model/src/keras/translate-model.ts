// A whole Keras model config (Sequential or Functional, nested at will) →
// a Keras-2-style topology for tfjs-layers, plus a plan of every layer's
// weights that assign-weights.ts follows.
import type { ErrorContext } from "./errors.js";
import { isJson, label, layerName, unwrap, type Dialect, type Json, type KerasObject } from "./keras-config.js";
import { isKerasOp, translateKerasOp } from "./translate-keras-op.js";
import { translateLayer, type WeightSpec } from "./translate-layer.js";

/** A model (top level or nested) and its layers in config order. */
export interface ModelPlan {
  kind: "Sequential" | "Functional";
  name: string;
  layers: LayerPlan[];
}

/** One layer of a model: its weights, or the nested model it is. */
export interface LayerPlan {
  name: string;
  kerasClass: string;
  label: string;
  weights: WeightSpec[];
  nested: ModelPlan | null;
  /** A Keras 3 operation (TrueDivide, ...): not a layer, so it takes no slot in `.keras` weight files. */
  isOp?: boolean;
}

/** The translated model. */
export interface TranslatedModel {
  topology: Json;
  plan: ModelPlan;
  notes: string[];
}

const SEQUENTIAL = new Set(["Sequential"]);
const FUNCTIONAL = new Set(["Functional", "Model"]);

/** Translates a Keras model config (the content of config.json / model_config). */
export function translateModel(raw: unknown, dialect: Dialect, ctx: ErrorContext): TranslatedModel {
  const obj = unwrap(raw);
  if (obj === null) return ctx.fail("NOT_A_MODEL", "The model config has no class_name/config");
  if (!SEQUENTIAL.has(obj.className) && !FUNCTIONAL.has(obj.className)) {
    return ctx.fail(
      "UNSUPPORTED_LAYER",
      `The top-level object is a ${obj.className}; only Sequential and Functional models are supported (subclassed models cannot be rebuilt from their config)`,
      { layer: label(obj) },
    );
  }
  const notes: string[] = [];
  const { entry, plan } = translateContainer(obj, dialect, ctx, notes);
  return { topology: entry, plan, notes };
}

function translateContainer(
  obj: KerasObject,
  dialect: Dialect,
  ctx: ErrorContext,
  notes: string[],
): { entry: Json; plan: ModelPlan } {
  const name = layerName(obj);
  const rawLayers = obj.config.layers;
  if (!Array.isArray(rawLayers)) {
    return ctx.fail("CORRUPT_FILE", `Model ${label(obj)} has no layer list in its config`, { layer: label(obj) });
  }
  const functional = FUNCTIONAL.has(obj.className);
  const plan: ModelPlan = { kind: functional ? "Functional" : "Sequential", name, layers: [] };
  const layers: Json[] = [];
  for (const rawLayer of rawLayers) {
    const child = unwrap(rawLayer);
    if (child === null) return ctx.fail("CORRUPT_FILE", `Model ${label(obj)} lists a layer without class_name`);
    const { entry, layerPlan } = translateChild(child, dialect, ctx, notes);
    if (functional) {
      entry.name = layerPlan.name;
      entry.inbound_nodes = translateInboundNodes(child, ctx);
    }
    layers.push(entry);
    plan.layers.push(layerPlan);
  }
  if (!functional) giveSequentialAnInputShape(obj, rawLayers, layers, ctx);
  const config: Json = { name, layers };
  if (functional) {
    config.input_layers = tensorRefs(obj.config.input_layers, obj, "input_layers", ctx);
    config.output_layers = tensorRefs(obj.config.output_layers, obj, "output_layers", ctx);
    shiftNestedModelNodes(config, plan);
  }
  return { entry: { class_name: functional ? "Model" : "Sequential", config }, plan };
}

function translateChild(
  child: KerasObject,
  dialect: Dialect,
  ctx: ErrorContext,
  notes: string[],
): { entry: Json; layerPlan: LayerPlan } {
  const name = layerName(child);
  if (SEQUENTIAL.has(child.className) || FUNCTIONAL.has(child.className)) {
    const nested = translateContainer(child, dialect, ctx, notes);
    return {
      entry: nested.entry,
      layerPlan: { name, kerasClass: child.className, label: label(child), weights: [], nested: nested.plan },
    };
  }
  if (isKerasOp(child)) {
    const op = translateKerasOp(child, name, ctx);
    return {
      entry: { class_name: op.className, config: op.config },
      layerPlan: { name, kerasClass: child.className, label: label(child), weights: [], nested: null, isOp: true },
    };
  }
  const config = child.className === "TFOpLambda" ? { ...child.config, call_kwargs: tfOpCallKwargs(child, ctx) } : child.config;
  const t = translateLayer(child.className, { ...config, name }, label(child), dialect, ctx, notes);
  return {
    entry: { class_name: t.className, config: t.config },
    layerPlan: { name, kerasClass: child.className, label: label(child), weights: t.weights, nested: null },
  };
}

/**
 * A Sequential saved without an InputLayer keeps its input shape in
 * `build_input_shape` (Keras 3) or the first layer's `build_config`; tfjs
 * needs it as the first layer's `batch_input_shape`.
 */
function giveSequentialAnInputShape(obj: KerasObject, rawLayers: unknown[], layers: Json[], ctx: ErrorContext): void {
  const first = layers[0];
  if (first === undefined) {
    return ctx.fail("NOT_A_MODEL", `Model ${label(obj)} has no layers`, { layer: label(obj) });
  }
  if (first.class_name === "InputLayer" || !isJson(first.config)) return;
  if (first.config.batch_input_shape !== undefined) return;
  const firstRaw = unwrap(rawLayers[0]);
  const buildConfig = firstRaw?.wrapper.build_config;
  const modelBuild = obj.wrapper.build_config;
  const shape =
    obj.config.build_input_shape ??
    (isJson(modelBuild) ? modelBuild.input_shape : undefined) ??
    (isJson(buildConfig) ? buildConfig.input_shape : undefined);
  if (Array.isArray(shape) && shape.length > 0 && shape.every((d) => d === null || typeof d === "number")) {
    first.config.batch_input_shape = [null, ...shape.slice(1)];
    return;
  }
  if (!first.class_name || SEQUENTIAL.has(String(first.class_name)) || first.class_name === "Model") return; // a nested model brings its own input
  return ctx.fail(
    "UNSUPPORTED_OPTION",
    `Sequential model ${label(obj)} stores no input shape (no InputLayer, input_shape or build_input_shape): it was saved before it was built; build it (model.build((None, 28, 28)) or call it once) and save again`,
    { layer: label(obj), option: "input_shape" },
  );
}

/**
 * Keras numbers a nested model's nodes by its calls within the outer graph
 * (0 = first call). A tfjs container also owns an internal node 0 for its own
 * graph, so its calls start at 1; without this shift tfjs reports
 * "Graph disconnected" for any Functional model containing a model.
 */
function shiftNestedModelNodes(config: Json, plan: ModelPlan): void {
  const nested = new Set(plan.layers.filter((l) => l.nested !== null).map((l) => l.name));
  if (nested.size === 0) return;
  const shift = (ref: unknown) => {
    if (Array.isArray(ref) && typeof ref[0] === "string" && nested.has(ref[0]) && typeof ref[1] === "number") {
      ref[1] = ref[1] + 1;
    }
  };
  for (const layer of config.layers as Json[]) {
    for (const node of (layer.inbound_nodes as unknown[][]) ?? []) node.forEach(shift);
  }
  (config.output_layers as unknown[]).forEach(shift);
}

/** [[layer, node, tensor], ...] from Keras 2's list or Keras 3's single triple. */
function tensorRefs(v: unknown, obj: KerasObject, key: string, ctx: ErrorContext): unknown[] {
  if (!Array.isArray(v) || v.length === 0) {
    return ctx.fail("CORRUPT_FILE", `Model ${label(obj)} has no ${key}`, { layer: label(obj) });
  }
  return typeof v[0] === "string" ? [v] : v;
}

/** Converts Keras 3 `{args, kwargs}` nodes to Keras 2 `[[name, node, tensor, {}], ...]` lists. */
function translateInboundNodes(child: KerasObject, ctx: ErrorContext): unknown[] {
  const nodes = child.wrapper.inbound_nodes ?? child.config.inbound_nodes ?? [];
  if (!Array.isArray(nodes)) return [];
  return nodes.map((node) => {
    if (Array.isArray(node)) {
      // Keras 2: already a list of [name, node, tensor, kwargs]; kwargs are call options tfjs ignores.
      return node.map((ref) => (Array.isArray(ref) ? [ref[0], ref[1], ref[2], {}] : ref));
    }
    if (!isJson(node)) return ctx.fail("CORRUPT_FILE", `Layer ${label(child)} has an unreadable inbound node`);
    const refs: unknown[] = [];
    collectKerasTensors(node.args, refs);
    const kwargs = isJson(node.kwargs) ? node.kwargs : {};
    for (const [k, v] of Object.entries(kwargs)) {
      const found: unknown[] = [];
      collectKerasTensors(v, found);
      if (found.length > 0 || (v !== null && v !== false && k !== "training")) {
        ctx.option(label(child), `call argument ${k}`, "call arguments other than the inputs are not supported");
      }
    }
    return refs;
  });
}

function collectKerasTensors(v: unknown, out: unknown[]): void {
  if (Array.isArray(v)) {
    for (const x of v) collectKerasTensors(x, out);
    return;
  }
  if (!isJson(v)) return;
  if (v.class_name === "__keras_tensor__" && isJson(v.config) && Array.isArray(v.config.keras_history)) {
    const [name, node, tensor] = v.config.keras_history as unknown[];
    out.push([name, node, tensor, {}]);
    return;
  }
  for (const x of Object.values(v)) collectKerasTensors(x, out);
}

/**
 * A TFOpLambda's constant arguments (`y=255.0`, `axis=-1`) are stored as the
 * call kwargs of its single Keras 2 inbound node; a layer called more than
 * once could have different constants per call, so it is refused.
 */
function tfOpCallKwargs(child: KerasObject, ctx: ErrorContext): Json {
  const nodes = child.wrapper.inbound_nodes;
  if (!Array.isArray(nodes) || nodes.length !== 1 || !Array.isArray(nodes[0]) || nodes[0].length !== 1) {
    return ctx.option(label(child), "inbound_nodes", "a TFOpLambda must be called exactly once, on one tensor");
  }
  const ref = nodes[0][0];
  if (!Array.isArray(ref) || typeof ref[0] !== "string" || ref[0] === "_CONSTANT_VALUE") {
    return ctx.option(label(child), "inbound_nodes", "the first argument of the TensorFlow call must be a tensor");
  }
  return isJson(ref[3]) ? ref[3] : {};
}
