// Where each layer's weights live in the three file layouts. A source answers
// "the arrays of this layer, by Keras variable name" and afterwards reports
// anything in the file that no layer claimed.
import type { ErrorContext } from "./errors.js";
import type { H5Array, H5Reader } from "./read-hdf5.js";
import { varName } from "./assign-weights.js";
import { toSnakeCase } from "./keras-config.js";
import type { LayerPlan, ModelPlan } from "./translate-model.js";

/** One stored array, with the name the file gives it. */
export interface StoredWeight {
  name: string;
  array: H5Array;
}

/** Gives each planned layer its stored weights. */
export interface WeightSource {
  /** Stored weights of every leaf layer under `plan`, keyed by layer path (names joined by "/"). */
  collect(plan: ModelPlan): Map<string, StoredWeight[]>;
}

/**
 * `.keras` zips: Keras 3 stores `layers/<snake_case class>[_<n>]/vars/<i>`,
 * numbered per class within each model, nested models nesting the same way;
 * Keras 2.13–2.15 uses `_layer_checkpoint_dependencies` instead of `layers`.
 */
export class ZipWeightSource implements WeightSource {
  constructor(
    private readonly h5: H5Reader,
    private readonly container: "layers" | "_layer_checkpoint_dependencies",
    private readonly ctx: ErrorContext,
  ) {}

  collect(plan: ModelPlan): Map<string, StoredWeight[]> {
    const out = new Map<string, StoredWeight[]>();
    this.walk(plan, "", "", out);
    return out;
  }

  private walk(plan: ModelPlan, h5Path: string, layerPath: string, out: Map<string, StoredWeight[]>): void {
    const base = h5Path === "" ? this.container : `${h5Path}/${this.container}`;
    const used = new Map<string, number>();
    const claimed = new Set<string>();
    for (const layer of plan.layers) {
      // Keras 3's Sequential.layers omits the InputLayer, so it takes no slot.
      if (plan.kind === "Sequential" && layer.kerasClass === "InputLayer") continue;
      if (layer.isOp) continue;
      const snake = layer.nested ? (layer.nested.kind === "Sequential" ? "sequential" : "functional") : toSnakeCase(layer.kerasClass);
      const n = used.get(snake);
      const key = n === undefined ? snake : `${snake}_${n + 1}`;
      used.set(snake, n === undefined ? 0 : n + 1);
      claimed.add(key);
      const path = `${base}/${key}`;
      const lp = layerPath === "" ? layer.name : `${layerPath}/${layer.name}`;
      if (layer.nested) {
        this.checkNoVars(path, layer);
        this.walk(layer.nested, path, lp, out);
      } else {
        out.set(lp, this.readVars(path, layer));
      }
    }
    // Weights stored for a layer slot the config does not have.
    for (const key of this.h5.keys(base)) {
      if (!claimed.has(key) && this.hasAnyVars(`${base}/${key}`)) {
        this.ctx.fail("WEIGHT_MISMATCH", `The weights file holds variables at "${base}/${key}" that match no layer of model "${plan.name}"`);
      }
    }
  }

  private readVars(path: string, layer: LayerPlan): StoredWeight[] {
    const varsPath = `${path}/vars`;
    const keys = this.h5.keys(varsPath);
    const result: StoredWeight[] = [];
    for (let i = 0; i < keys.length; i++) {
      const array = this.h5.readArray(`${varsPath}/${i}`);
      if (array === null) {
        this.ctx.fail("WEIGHT_MISMATCH", `Layer ${layer.label}: variable ${i} missing at "${varsPath}"`, { layer: layer.label });
      }
      // Zip files number variables in creation order, which is the plan's order.
      const spec = layer.weights[i];
      result.push({ name: spec ? spec.tfjs : `#${i}`, array });
    }
    return result;
  }

  private checkNoVars(path: string, layer: LayerPlan): void {
    if (this.h5.keys(`${path}/vars`).length > 0) {
      this.ctx.fail("WEIGHT_MISMATCH", `Model ${layer.label} has its own variables at "${path}/vars", which this loader cannot place`, { layer: layer.label });
    }
  }

  private hasAnyVars(path: string): boolean {
    if (this.h5.keys(`${path}/vars`).length > 0) return true;
    return this.h5.keys(path).some((k) => k !== "vars" && this.h5.isGroup(`${path}/${k}`) && this.hasAnyVars(`${path}/${k}`));
  }
}

/**
 * Legacy HDF5 (`model.save("x.h5")`): `model_weights/<top-level layer name>`
 * carries a `weight_names` attribute ("dense/kernel:0", or Keras 3's
 * "dense/kernel"); a nested model's group lists all its layers' weights.
 */
export class LegacyWeightSource implements WeightSource {
  constructor(
    private readonly h5: H5Reader,
    private readonly ctx: ErrorContext,
  ) {}

  collect(plan: ModelPlan): Map<string, StoredWeight[]> {
    const out = new Map<string, StoredWeight[]>();
    const root = "model_weights";
    const known = new Set(plan.layers.map((l) => l.name));
    for (const layer of plan.layers) {
      const group = `${root}/${layer.name}`;
      const names = this.weightNames(group);
      const stored = names.map((n) => ({ name: n, array: this.read(`${group}/${n}`, layer) }));
      if (layer.nested) {
        this.splitNested(layer.nested, layer.name, stored, out, layer);
      } else {
        out.set(layer.name, stored);
      }
    }
    for (const key of this.h5.keys(root)) {
      if (!known.has(key) && this.weightNames(`${root}/${key}`).length > 0) {
        this.ctx.fail("WEIGHT_MISMATCH", `The file holds weights for layer "${key}", which the model config does not have`, { layer: key });
      }
    }
    return out;
  }

  /** Hands each weight of a nested model's group to the leaf layer named in its path. */
  private splitNested(
    plan: ModelPlan,
    prefix: string,
    stored: StoredWeight[],
    out: Map<string, StoredWeight[]>,
    owner: LayerPlan,
  ): void {
    const leaves: Array<{ path: string; name: string }> = [];
    const walk = (p: ModelPlan, path: string) => {
      for (const l of p.layers) {
        if (l.nested) walk(l.nested, `${path}/${l.name}`);
        else leaves.push({ path: `${path}/${l.name}`, name: l.name });
      }
    };
    walk(plan, prefix);
    const byName = new Map<string, StoredWeight[]>();
    for (const leaf of leaves) {
      byName.set(
        leaf.path,
        stored.filter((s) => {
          const parts = s.name.split("/");
          return parts.length >= 2 && parts[parts.length - 2] === leaf.name;
        }),
      );
    }
    const named = [...byName.values()].reduce((n, l) => n + l.length, 0);
    if (named < stored.length) {
      this.splitByPrefix(plan, prefix, stored, out, owner);
      return;
    }
    const taken = new Set<StoredWeight>();
    for (const [path, mine] of byName) {
      mine.forEach((s) => taken.add(s));
      out.set(path, mine);
    }
    const rest = stored.filter((s) => !taken.has(s));
    if (rest.length > 0) {
      this.ctx.fail("WEIGHT_MISMATCH", `Model ${owner.label}: stored weights ${rest.map((s) => `"${s.name}"`).join(", ")} belong to no layer of the config`, { layer: owner.label });
    }
  }

  /**
   * Weight paths that do not name the config's layers (layers renamed after
   * they were built). Keras itself reads such files by order; here each leaf
   * layer, in order, takes the first unused group of weights sharing a path
   * prefix whose variable names are exactly the ones the layer needs, so a
   * Dense never receives a BatchNormalization's arrays. Shapes are checked
   * when assigned.
   */
  private splitByPrefix(plan: ModelPlan, prefix: string, stored: StoredWeight[], out: Map<string, StoredWeight[]>, owner: LayerPlan): void {
    const groups = new Map<string, StoredWeight[]>();
    for (const s of stored) {
      const key = s.name.split("/").slice(0, -1).join("/");
      groups.set(key, [...(groups.get(key) ?? []), s]);
    }
    const free = [...groups.values()];
    for (const [path, leaf] of leafLayers(plan, prefix)) {
      if (leaf.weights.length === 0) {
        out.set(path, []);
        continue;
      }
      const fits = (g: StoredWeight[]) =>
        g.length === leaf.weights.length && leaf.weights.every((w) => g.some((s) => w.keras.includes(varName(s.name))));
      const i = free.findIndex(fits);
      if (i < 0) {
        this.ctx.fail("WEIGHT_MISMATCH", `Model ${owner.label}: no stored weights fit layer ${leaf.label} (needs ${leaf.weights.map((w) => w.tfjs).join(", ")})`, { layer: leaf.label });
      }
      out.set(path, free.splice(i, 1)[0]!);
    }
    if (free.length > 0) {
      const names = free.flat().map((s) => `"${s.name}"`).join(", ");
      this.ctx.fail("WEIGHT_MISMATCH", `Model ${owner.label}: stored weights ${names} belong to no layer of the config`, { layer: owner.label });
    }
  }

  private weightNames(group: string): string[] {
    const attrs = this.h5.attrs(group);
    // Keras splits an attribute over 64 KiB into weight_names0, weight_names1, ...
    const parts: unknown[] = attrs.weight_names !== undefined ? [attrs.weight_names] : [];
    for (let i = 0; attrs[`weight_names${i}`] !== undefined; i++) parts.push(attrs[`weight_names${i}`] as string[]);
    return parts.flatMap((raw) => (Array.isArray(raw) ? raw : [raw])).map((x) => String(x)).filter((x) => x !== "");
  }

  private read(path: string, layer: LayerPlan): H5Array {
    const a = this.h5.readArray(path);
    if (a === null) {
      return this.ctx.fail("WEIGHT_MISMATCH", `Layer ${layer.label}: weight "${path}" is listed but missing`, { layer: layer.label });
    }
    return a;
  }
}

/** Leaf layers of a nested model in config order, with their layer paths. */
function leafLayers(plan: ModelPlan, prefix: string): Array<[string, LayerPlan]> {
  const out: Array<[string, LayerPlan]> = [];
  const walk = (p: ModelPlan, path: string) => {
    for (const l of p.layers) {
      if (l.nested) walk(l.nested, `${path}/${l.name}`);
      else out.push([`${path}/${l.name}`, l]);
    }
  };
  walk(plan, prefix);
  return out;
}
