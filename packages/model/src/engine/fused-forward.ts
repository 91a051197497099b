// A model's forward pass as a flat list of tfjs ops. LayersModel.execute walks
// the graph symbolically on every call (a tidy, input checks and a tensor map
// per layer): for one 28×28 image that bookkeeping costs about a quarter of a
// forward pass on the wasm backend, while for a batch of 32 it is lost in
// the convolutions. A plain chain of common layers (what MNIST models are)
// runs the same kernels directly; anything else keeps execute.
import * as tf from "@tensorflow/tfjs";
import type { Logger } from "@repo/logger";
import { KerasLeakyRelu } from "../keras/layers/custom-activations.js";
import { KerasBatchNormalization } from "../keras/layers/keras-batch-normalization.js";
import { InferenceIdentity } from "../keras/layers/inference-identity.js";

const leakyRelu = new KerasLeakyRelu();

/** One layer's computation on its input. */
type Step = (x: tf.Tensor) => tf.Tensor;

/** The forward pass as direct op calls, or why the model keeps LayersModel.execute. */
export type FusedForward =
  | {
      ok: true;
      /** The model's output for `x` (the caller disposes both). */
      run(x: tf.Tensor): tf.Tensor;
      /** One entry per layer that computes something, e.g. "conv2d_1: Conv2D 5×5 relu". */
      steps: string[];
    }
  | { ok: false; reason: string };

/** Activations the fused kernels apply themselves. */
const FUSED_ACTIVATIONS = new Set(["linear", "relu"]);

/** Activations as one op, exactly as tfjs-layers defines them (softmax over the last axis). */
const ACTIVATION_OPS: Record<string, Step> = {
  relu: (x) => tf.relu(x),
  softmax: (x) => tf.softmax(x),
  sigmoid: (x) => tf.sigmoid(x),
  tanh: (x) => tf.tanh(x),
  [KerasLeakyRelu.className]: (x) => leakyRelu.apply(x),
};

/** Layers that are the identity at inference. */
const IDENTITY_CLASSES = new Set(["Dropout", "SpatialDropout1D", "GaussianNoise", "GaussianDropout", "AlphaDropout", InferenceIdentity.className]);

class Unsupported extends Error {}

type Config = tf.serialization.ConfigDict;

function pair(v: unknown, what: string): [number, number] {
  if (typeof v === "number") return [v, v];
  if (Array.isArray(v) && v.length === 2 && v.every((n) => typeof n === "number")) return [v[0] as number, v[1] as number];
  throw new Unsupported(`${what} ${JSON.stringify(v)}`);
}

function padding(cfg: Config): "same" | "valid" {
  if (cfg.padding === "same" || cfg.padding === "valid") return cfg.padding;
  throw new Unsupported(`padding ${JSON.stringify(cfg.padding)}`);
}

function channelsLast(cfg: Config): void {
  if (cfg.dataFormat !== undefined && cfg.dataFormat !== null && cfg.dataFormat !== "channelsLast") {
    throw new Unsupported(`data format ${String(cfg.dataFormat)}`);
  }
}

/** The activation part of a layer: fused into the kernel when it can be, else one op after it. */
function activation(cfg: Config): { fused: "linear" | "relu"; after: Step | null; label: string } {
  const name = cfg.activation ?? "linear";
  if (typeof name !== "string") throw new Unsupported("activation object");
  if (FUSED_ACTIVATIONS.has(name)) return { fused: name as "linear" | "relu", after: null, label: name };
  const after = ACTIVATION_OPS[name];
  if (!after) throw new Unsupported(`activation ${name}`);
  return { fused: "linear", after, label: name };
}

function weightsOf(layer: tf.layers.Layer, useBias: boolean): { kernel: tf.Tensor; bias: tf.Tensor | undefined } {
  // getWeights() returns the layer's live variables, so later weight updates are seen.
  const w = layer.getWeights();
  if (w.length !== (useBias ? 2 : 1)) throw new Unsupported(`${w.length} weight tensors`);
  return { kernel: w[0]!, bias: useBias ? w[1] : undefined };
}

/** `step`, then `after` on its result (the intermediate disposed). */
function followedBy(step: Step, after: Step | null): Step {
  if (!after) return step;
  return (x) => {
    const y = step(x);
    try {
      return after(y);
    } finally {
      y.dispose();
    }
  };
}

/** The step and its description for one layer; null for layers that compute nothing. */
function stepFor(layer: tf.layers.Layer): { step: Step; label: string } | null {
  const cls = layer.getClassName();
  const cfg = layer.getConfig();
  if (cls === "InputLayer" || IDENTITY_CLASSES.has(cls)) return null;
  switch (cls) {
    case "Rescaling": {
      const { scale, offset } = cfg;
      if (typeof scale !== "number" || (offset !== undefined && typeof offset !== "number")) throw new Unsupported("per-channel rescaling");
      const step: Step = offset ? (x) => tf.tidy(() => tf.add(tf.mul(x, scale), offset)) : (x) => tf.mul(x, scale);
      return { step, label: `Rescaling ×${scale}${offset ? ` +${offset}` : ""}` };
    }
    case "Conv2D": {
      channelsLast(cfg);
      const { kernel, bias } = weightsOf(layer, cfg.useBias !== false);
      const strides = pair(cfg.strides, "strides");
      const dilations = pair(cfg.dilationRate ?? 1, "dilation");
      const pad = padding(cfg);
      const act = activation(cfg);
      const filter = kernel as tf.Tensor4D;
      const step: Step = (x) =>
        tf.fused.conv2d({ x: x as tf.Tensor4D, filter, strides, pad, dilations, bias, activation: act.fused });
      return { step: followedBy(step, act.after), label: `Conv2D ${filter.shape[0]}×${filter.shape[1]} ${act.label}` };
    }
    case "MaxPooling2D":
    case "AveragePooling2D": {
      channelsLast(cfg);
      const size = pair(cfg.poolSize, "pool size");
      const strides = pair(cfg.strides ?? size, "strides");
      const pad = padding(cfg);
      const pool = cls === "MaxPooling2D" ? tf.maxPool : tf.avgPool;
      return { step: (x) => pool(x as tf.Tensor4D, size, strides, pad), label: `${cls} ${size[0]}×${size[1]}` };
    }
    case "GlobalAveragePooling2D":
    case "GlobalMaxPooling2D": {
      channelsLast(cfg);
      const reduce = cls === "GlobalAveragePooling2D" ? tf.mean : tf.max;
      return { step: (x) => reduce(x, [1, 2]), label: cls };
    }
    case "BatchNormalization":
    case KerasBatchNormalization.className: {
      // Inference statistics on the last axis: one batchNorm kernel. Other axes keep execute.
      const rank = (layer.input as tf.SymbolicTensor).shape.length;
      if (cfg.axis !== -1 && cfg.axis !== rank - 1) throw new Unsupported(`axis ${JSON.stringify(cfg.axis)}`);
      const scale = cfg.scale !== false;
      const center = cfg.center !== false;
      const w = layer.getWeights();
      if (w.length !== 2 + Number(scale) + Number(center)) throw new Unsupported(`${w.length} weight tensors`);
      // Keras and tfjs order: gamma (if scale), beta (if center), moving mean, moving variance.
      const gamma = scale ? w.shift() : undefined;
      const beta = center ? w.shift() : undefined;
      const [mean, variance] = w as [tf.Tensor1D, tf.Tensor1D];
      const epsilon = typeof cfg.epsilon === "number" ? cfg.epsilon : 1e-3;
      return { step: (x) => tf.batchNorm(x, mean, variance, beta, gamma, epsilon), label: "BatchNormalization" };
    }
    case "Flatten": {
      channelsLast(cfg);
      return { step: (x) => tf.reshape(x, [x.shape[0]!, -1]), label: "Flatten" };
    }
    case "Dense": {
      if ((layer.input as tf.SymbolicTensor).shape.length !== 2) throw new Unsupported("input of rank other than 2");
      const { kernel, bias } = weightsOf(layer, cfg.useBias !== false);
      const act = activation(cfg);
      const b = kernel as tf.Tensor2D;
      const step: Step = (x) => tf.fused.matMul({ a: x as tf.Tensor2D, b, bias, activation: act.fused });
      return { step: followedBy(step, act.after), label: `Dense ${b.shape[1]} ${act.label}` };
    }
    case "ReLU": {
      // tfjs's ReLU layer has only maxValue; the loader uses it for Keras ReLU layers without slope or threshold.
      if (cfg.maxValue === undefined || cfg.maxValue === null) return { step: (x) => tf.relu(x), label: "ReLU" };
      if (cfg.maxValue === 6) return { step: (x) => tf.relu6(x), label: "ReLU max 6" };
      throw new Unsupported(`max value ${JSON.stringify(cfg.maxValue)}`);
    }
    case "Activation": {
      const name = cfg.activation;
      if (name === "linear") return null;
      const op = typeof name === "string" ? ACTIVATION_OPS[name] : undefined;
      if (!op) throw new Unsupported(`activation ${JSON.stringify(name)}`);
      return { step: op, label: `Activation ${name}` };
    }
    default:
      throw new Unsupported(`layer class ${cls}`);
  }
}

/**
 * The layers from the input to the output, when the model is one chain (each
 * layer applied once, to the output of the one before); else why not. Walks
 * back from the output, so it reads Sequential and functional models alike.
 */
function chainOf(model: tf.LayersModel): tf.layers.Layer[] | string {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) return "the model has more than one input or output";
  const chain: tf.layers.Layer[] = [];
  let layer = model.outputs[0]!.sourceLayer as tf.layers.Layer;
  while (layer !== model.inputs[0]!.sourceLayer) {
    const nodes = layer.inboundNodes;
    if (nodes.length !== 1 || nodes[0]!.inboundLayers.length !== 1) {
      return `layer ${layer.name} does not read exactly one layer, once`;
    }
    chain.unshift(layer);
    layer = nodes[0]!.inboundLayers[0]!;
  }
  return chain;
}

/** Plan the forward pass of `model` as direct op calls, when it is a chain of supported layers. */
export function fuseLayers(model: tf.LayersModel): FusedForward {
  const chain = chainOf(model);
  if (typeof chain === "string") return { ok: false, reason: chain };
  const steps: Step[] = [];
  const labels: string[] = [];
  for (const layer of chain) {
    let planned: ReturnType<typeof stepFor>;
    try {
      planned = stepFor(layer);
    } catch (err) {
      if (!(err instanceof Unsupported)) throw err;
      return { ok: false, reason: `${layer.name} (${layer.getClassName()}): ${err.message}` };
    }
    if (!planned) continue;
    steps.push(planned.step);
    labels.push(`${layer.name}: ${planned.label}`);
  }
  const run = (x: tf.Tensor): tf.Tensor => {
    // No tidy: it costs measurable time at batch 1; each intermediate is disposed as soon as it is read.
    let h = x;
    try {
      for (const step of steps) {
        const next = step(h);
        if (h !== x) h.dispose();
        h = next;
      }
    } catch (err) {
      if (h !== x) h.dispose();
      throw err;
    }
    return h === x ? tf.clone(x) : h;
  };
  return { ok: true, run, steps: labels };
}

/** How far the fused pass may stray from execute, relative to the output's size (float32 reassociation only). */
const TOLERANCE = 1e-4;

/** Largest |got − want|, relative to the size of `want`'s largest value when that exceeds 1. */
export function relativeDifference(got: tf.Tensor, want: tf.Tensor): number {
  return tf.tidy(() => got.sub(want).abs().max().dataSync()[0]! / Math.max(1, want.abs().max().dataSync()[0]!));
}

/**
 * The model's forward pass: the fused one when the model has one and it gives
 * execute's outputs on `sample`, else LayersModel.execute. A mismatch would be
 * a bug here, so it is logged as a warning and the safe path is kept.
 */
export function chooseForwardPass(
  model: tf.LayersModel,
  sample: tf.Tensor,
  logger: Pick<Logger, "info" | "warn">,
  planned?: FusedForward,
): { run: (x: tf.Tensor) => tf.Tensor; fused: boolean } {
  const outputName = model.outputs[0]!.name;
  const execute = (x: tf.Tensor) => model.execute(x, outputName) as tf.Tensor;
  let plan: FusedForward;
  try {
    plan = planned ?? fuseLayers(model);
  } catch (err) {
    // Planning reads tfjs-layers' configs and weights; whatever goes wrong there, execute still works.
    logger.warn({ err: err instanceof Error ? err.message : String(err) }, "forward pass: planning the fused ops failed; using execute");
    return { run: execute, fused: false };
  }
  if (!plan.ok) {
    logger.info({ reason: plan.reason }, "forward pass: tfjs-layers execute (the model is not a plain chain of fusable layers)");
    return { run: execute, fused: false };
  }
  let diff: number;
  try {
    diff = tf.tidy(() => relativeDifference(plan.run(sample), execute(sample)));
  } catch (err) {
    logger.warn({ err: err instanceof Error ? err.message : String(err), steps: plan.steps }, "forward pass: the fused ops failed on the check images; using execute");
    return { run: execute, fused: false };
  }
  if (!(diff <= TOLERANCE)) {
    logger.warn({ relativeDifference: diff, steps: plan.steps }, "forward pass: the fused ops disagree with tfjs-layers; using execute");
    return { run: execute, fused: false };
  }
  logger.info({ steps: plan.steps, relativeDifference: diff }, "forward pass: fused tfjs ops, one per layer");
  return { run: plan.run, fused: true };
}
