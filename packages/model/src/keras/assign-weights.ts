// Puts every stored array into its tfjs variable by layer and variable name,
// checking that nothing is missing, left over or misshapen.
import * as tf from "@tensorflow/tfjs";
import type { ErrorContext } from "./errors.js";
import type { LayerPlan, ModelPlan } from "./translate-model.js";
import type { StoredWeight } from "./weight-source.js";

/** "dense/kernel:0" → "kernel"; "layers/dense/vars/0"-style names are already bare. */
export function varName(stored: string): string {
  const last = stored.split("/").pop() ?? stored;
  return last.replace(/:\d+$/, "");
}

/** tfjs names a variable "<layer>/<var>" (originalName is not uniquified). */
function tfjsVarName(v: tf.LayerVariable): string {
  return v.originalName.split("/").pop() ?? v.originalName;
}

const shapeText = (s: readonly (number | null)[]) => `[${s.join(", ")}]`;

/** Assigns the stored weights (keyed by layer path) to the model; throws WEIGHT_MISMATCH. */
export function assignWeights(
  model: tf.LayersModel,
  plan: ModelPlan,
  stored: Map<string, StoredWeight[]>,
  ctx: ErrorContext,
): number {
  let count = 0;
  const walk = (container: tf.LayersModel, p: ModelPlan, prefix: string) => {
    for (const layer of p.layers) {
      const path = prefix === "" ? layer.name : `${prefix}/${layer.name}`;
      if (layer.kerasClass === "InputLayer" && layer.weights.length === 0 && !stored.get(path)?.length) continue;
      const tfLayer = findLayer(container, layer.name);
      // tfjs drops Functional layers that feed no output; their weights cannot matter.
      if (tfLayer === null) continue;
      if (layer.nested) {
        walk(tfLayer as tf.LayersModel, layer.nested, path);
        continue;
      }
      count += assignLayer(tfLayer, layer, stored.get(path) ?? [], ctx);
    }
  };
  walk(model, plan, "");
  return count;
}

function findLayer(container: tf.LayersModel, name: string): tf.layers.Layer | null {
  return container.layers.find((l) => l.name === name) ?? null;
}

function assignLayer(tfLayer: tf.layers.Layer, layer: LayerPlan, stored: StoredWeight[], ctx: ErrorContext): number {
  const variables = tfLayer.weights;
  const byName = new Map(variables.map((v) => [tfjsVarName(v), v]));
  const fail = (msg: string, option?: string): never =>
    ctx.fail("WEIGHT_MISMATCH", `Layer ${layer.label}: ${msg}`, option === undefined ? { layer: layer.label } : { layer: layer.label, option });
  if (variables.length !== layer.weights.length || layer.weights.some((w) => !byName.has(w.tfjs))) {
    fail(`the rebuilt layer has variables [${[...byName.keys()].join(", ")}], expected [${layer.weights.map((w) => w.tfjs).join(", ")}]`);
  }
  const used = new Set<StoredWeight>();
  const values = new Map<string, tf.Tensor>();
  try {
    // Names decide; only when they cannot (Keras 2 uniquified a variable as
    // "kernel_1:0") and the count agrees do we fall back to the stored order,
    // which is how Keras itself reads legacy files. Shapes are checked either way.
    const storedFor = layer.weights.map((spec) => stored.filter((s) => spec.keras.includes(varName(s.name))));
    const namesDecide = storedFor.every((m) => m.length === 1);
    const byOrder = !namesDecide && stored.length === layer.weights.length && storedFor.every((m) => m.length <= 1);
    for (const [i, spec] of layer.weights.entries()) {
      const matches = byOrder ? [stored[i]!] : stored.filter((s) => !used.has(s) && spec.keras.includes(varName(s.name)));
      if (matches.length === 0) fail(`variable "${spec.tfjs}" is missing from the file`, spec.tfjs);
      if (matches.length > 1) fail(`variable "${spec.tfjs}" is stored ${matches.length} times`, spec.tfjs);
      const s = matches[0]!;
      used.add(s);
      const variable = byName.get(spec.tfjs)!;
      const want = variable.shape;
      const got = s.array.shape;
      if (got.length !== want.length || got.some((d, i) => d !== want[i])) {
        fail(`variable "${spec.tfjs}" has shape ${shapeText(got)} in the file but the layer needs ${shapeText(want)}`, spec.tfjs);
      }
      values.set(spec.tfjs, tf.tensor(s.array.values, got, "float32"));
    }
    const extra = stored.filter((s) => !used.has(s));
    if (extra.length > 0) {
      fail(`the file holds unexpected variable(s) ${extra.map((s) => `"${s.name}"`).join(", ")}`);
    }
    tfLayer.setWeights(variables.map((v) => values.get(tfjsVarName(v))!));
    return values.size;
  } finally {
    for (const t of values.values()) t.dispose();
  }
}
