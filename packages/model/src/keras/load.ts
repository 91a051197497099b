// readKerasModel: bytes (or a path) → a tfjs LayersModel with every weight
// in place. Format is decided by content; see detect-format.ts.
import { readdir, readFile } from "node:fs/promises";
import * as tf from "@tensorflow/tfjs";
import type { Logger } from "@repo/logger";
import type { ModelFormat } from "../types.js";
import { assignWeights } from "./assign-weights.js";
import { describeOutput } from "./describe-output.js";
import { detectContainer } from "./detect-format.js";
import { ErrorContext, ModelLoadError } from "./errors.js";
import { explainDirectory, explainHdf5WithoutConfig, explainOtherBytes, SAVE_HINT } from "./identify-non-model.js";
import { guessKerasMajor, majorOf, type Dialect } from "./keras-config.js";
import { registerCustomObjects } from "./layers/register.js";
import { normalizeConfig } from "./normalize-config.js";
import { H5Reader } from "./read-hdf5.js";
import { readKerasArchive } from "./read-zip.js";
import { translateModel } from "./translate-model.js";
import { LegacyWeightSource, ZipWeightSource, type WeightSource } from "./weight-source.js";

/** Options of {@link readKerasModel}. */
export interface ReadKerasModelOptions {
  /** Name used in errors and logs. @defaultValue the path, or "<memory>" for bytes */
  name?: string;
  /** Refuse a model whose output is not exactly this many class scores (a digit model: 10). @defaultValue no check */
  classes?: number;
  logger?: Logger;
}

/** A Keras model rebuilt in tfjs. */
export interface KerasModel {
  model: tf.LayersModel;
  format: ModelFormat;
  /** Keras version that saved the file, when stored (metadata.json or HDF5 attribute). */
  kerasVersion: string | null;
  /** Input shape without the batch axis, e.g. [784] or [28, 28, 1]; -1 marks a free dimension. */
  inputShape: number[];
  /** Output shape without the batch axis, e.g. [10]. */
  outputShape: number[];
  /** The activation producing the output ("softmax", "linear", ...), for logs. */
  outputActivation: string;
  /**
   * True when the model ends in a softmax over its classes. False for logits
   * (e.g. a last `Dense(10)` with no activation) or anything else: apply a
   * softmax to the output before reporting probabilities.
   */
  outputIsProbabilities: boolean;
}

/** Loads a Keras 3 `.keras`, Keras 2.13–2.15 `.keras` or legacy HDF5 model; throws {@link ModelLoadError}. */
export async function readKerasModel(source: string | Uint8Array, opts: ReadKerasModelOptions = {}): Promise<KerasModel> {
  const ctx = new ErrorContext(opts.name ?? (typeof source === "string" ? source : "<memory>"));
  const bytes = typeof source === "string" ? await readBytes(source, ctx) : source;
  const container = detectContainer(bytes);
  if (container === null) {
    if (bytes.length === 0) return ctx.fail("NOT_A_MODEL", "The file is empty");
    return ctx.fail("NOT_A_MODEL", explainOtherBytes(bytes) ?? `The file is neither a Keras zip nor an HDF5 file: ${SAVE_HINT}`);
  }
  const parsed = container === "zip" ? openZip(bytes, ctx) : openHdf5(bytes, ctx);
  const translated = translateModel(normalizeConfig(parsed.config), parsed.dialect, ctx);

  registerCustomObjects();
  let model: tf.LayersModel;
  try {
    model = await tf.models.modelFromJSON({ modelTopology: translated.topology } as tf.io.ModelJSON);
  } catch (cause) {
    if (cause instanceof ModelLoadError) throw cause;
    return ctx.fail("UNSUPPORTED_OPTION", `tfjs-layers cannot build this model: ${(cause as Error).message}`, { cause });
  }
  try {
    const stored = parsed.weights.collect(translated.plan);
    const assigned = assignWeights(model, translated.plan, stored, ctx);
    const inputShape = readInputShape(model, ctx);
    const output = describeOutput(model, ctx, opts.classes);
    opts.logger?.info(
      {
        file: ctx.file,
        format: parsed.format,
        kerasVersion: parsed.kerasVersion,
        inputShape,
        outputShape: output.shape,
        outputActivation: output.activation,
        weights: assigned,
        notes: translated.notes,
      },
      "keras model loaded",
    );
    return {
      model,
      format: parsed.format,
      kerasVersion: parsed.kerasVersion,
      inputShape,
      outputShape: output.shape,
      outputActivation: output.activation,
      outputIsProbabilities: output.isProbabilities,
    };
  } catch (e) {
    model.dispose();
    throw e;
  }
}

interface Parsed {
  config: unknown;
  format: ModelFormat;
  kerasVersion: string | null;
  dialect: Dialect;
  weights: WeightSource;
}

async function readBytes(path: string, ctx: ErrorContext): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return ctx.fail("NOT_FOUND", "No such file", { cause });
    if (code === "EISDIR") {
      const entries = await readdir(path).catch(() => [] as string[]);
      return ctx.fail("NOT_A_MODEL", explainDirectory(entries), { cause });
    }
    return ctx.fail("NOT_FOUND", `The file cannot be read (${code ?? (cause as Error).message})`, { cause });
  }
}

function openZip(bytes: Uint8Array, ctx: ErrorContext): Parsed {
  const archive = readKerasArchive(bytes, ctx);
  const v = archive.metadata?.keras_version;
  const kerasVersion = typeof v === "string" ? v : null;
  const kerasMajor = majorOf(kerasVersion) ?? guessKerasMajor(archive.config);
  const h5 = new H5Reader(archive.weights, ctx, "model.weights.h5 inside the zip");
  const rootKeys = h5.keys("");
  // Keras 2.13–2.15 address layers through `_layer_checkpoint_dependencies`; Keras 3 through `layers`.
  const containerKey = rootKeys.includes("layers")
    ? "layers"
    : rootKeys.includes("_layer_checkpoint_dependencies")
      ? "_layer_checkpoint_dependencies"
      : kerasMajor === 3
        ? "layers"
        : "_layer_checkpoint_dependencies";
  return {
    config: archive.config,
    format: kerasMajor === 3 ? "keras3" : "keras2-zip",
    kerasVersion,
    dialect: { kerasMajor },
    weights: new ZipWeightSource(h5, containerKey, ctx),
  };
}

function openHdf5(bytes: Uint8Array, ctx: ErrorContext): Parsed {
  const h5 = new H5Reader(bytes, ctx);
  const attrs = h5.rootAttrs();
  const rawConfig = attrs.model_config;
  if (rawConfig === undefined) {
    return ctx.fail("NOT_A_MODEL", explainHdf5WithoutConfig(h5.keys(""), attrs));
  }
  let config: unknown;
  try {
    config = typeof rawConfig === "string" ? JSON.parse(rawConfig) : rawConfig instanceof Uint8Array ? JSON.parse(new TextDecoder().decode(rawConfig)) : rawConfig;
  } catch (cause) {
    return ctx.fail("CORRUPT_FILE", "The HDF5 model_config attribute is not valid JSON", { cause });
  }
  if (!h5.isGroup("model_weights")) {
    return ctx.fail("NOT_A_MODEL", "The HDF5 file has a model_config but no model_weights group");
  }
  const v = attrs.keras_version ?? h5.attrs("model_weights").keras_version;
  const kerasVersion = typeof v === "string" ? v : null;
  const kerasMajor = majorOf(kerasVersion) ?? guessKerasMajor(config);
  return { config, format: "legacy-h5", kerasVersion, dialect: { kerasMajor }, weights: new LegacyWeightSource(h5, ctx) };
}

function readInputShape(model: tf.LayersModel, ctx: ErrorContext): number[] {
  if (model.inputs.length !== 1) {
    return ctx.fail("UNSUPPORTED_OPTION", `The model has ${model.inputs.length} inputs; a digit model needs exactly one`, {
      option: "inputs",
    });
  }
  return model.inputs[0]!.shape.slice(1).map((d) => (d === null ? -1 : d));
}
