// The training loop: augmented mini-batches, Adam with a decaying learning
// rate, held-out loss after every epoch, early stopping that restores the
// best epoch's weights, and optional weight averaging over the last epochs.
import * as tf from "@tensorflow/tfjs";
import { silentLogger, type Logger } from "@repo/logger";
import { augmentDigit, type AugmentOptions } from "./augment.js";
import { buildDigitCnn, type DigitCnnOptions } from "./architecture.js";
import type { DigitSample } from "./mnist-split.js";
import { createRng, shuffled } from "./random.js";
import { WeightAverage } from "./weight-average.js";

/** Options for {@link trainDigitModel}. */
export interface TrainOptions {
  train: DigitSample[];
  heldOut: DigitSample[];
  /** Maximum epochs. @defaultValue 12 */
  epochs?: number;
  /** @defaultValue 64 */
  batchSize?: number;
  /** Seed of initialisation, batch order and augmentation. @defaultValue 1 */
  seed?: number;
  /** Stop after this many epochs without a lower held-out loss. @defaultValue 5 */
  patience?: number;
  /** Initial Adam learning rate. @defaultValue 0.001 */
  learningRate?: number;
  /** Learning-rate factor per epoch after the first two. @defaultValue 0.75 */
  decay?: number;
  /**
   * Stochastic weight averaging: from this epoch on, the running mean of the
   * weights at the end of each epoch is what is evaluated and kept (training
   * itself goes on from the unaveraged weights). Pairs with a flat learning
   * rate (`decay` 1). Off when absent.
   */
  averageFrom?: number;
  /** Distortion ranges, or false for none. @defaultValue the AugmentOptions defaults */
  augment?: AugmentOptions | false;
  architecture?: DigitCnnOptions;
  /** Start from these weights (e.g. a previous run's model, to fine-tune) instead of fresh ones. */
  initialWeights?: tf.Tensor[];
  /** Called after every batch and every epoch. */
  onProgress?: (p: TrainProgress) => void;
  /** Stops after the current batch; the best finished epoch is kept (Ctrl-C in the CLI). */
  signal?: AbortSignal;
  logger?: Logger;
}

/** One progress event of the loop. */
export interface TrainProgress {
  kind: "batch" | "epoch";
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  /** Running mean over the epoch so far (training batches, augmented). */
  loss: number;
  accuracy: number;
  /** Only on "epoch" events: the evaluated model's held-out figures and how many epochs' weights it averages. */
  heldOut?: { loss: number; accuracy: number; averaged: number };
  learningRate: number;
}

/** One epoch's figures. */
export interface EpochStats {
  epoch: number;
  loss: number;
  accuracy: number;
  heldOutLoss: number;
  heldOutAccuracy: number;
  learningRate: number;
  seconds: number;
  /** How many epochs' weights the evaluated model averages (1 without weight averaging). */
  averaged: number;
}

/** What {@link trainDigitModel} returns: the model holds the best epoch's weights. */
export interface TrainResult {
  model: tf.Sequential;
  bestEpoch: number;
  heldOutLoss: number;
  heldOutAccuracy: number;
  history: EpochStats[];
  stoppedEarly: boolean;
  /** True when `signal` ended training before `epochs`. */
  interrupted: boolean;
  seconds: number;
}

/** Model input for samples: N×28×28×1 at 0..255, the model's own convention. */
export function samplesToTensor(images: Float32Array[]): tf.Tensor4D {
  const flat = new Float32Array(images.length * 784);
  images.forEach((img, i) => {
    for (let k = 0; k < 784; k++) flat[i * 784 + k] = img[k]! * 255;
  });
  return tf.tensor4d(flat, [images.length, 28, 28, 1]);
}

/** Mean cross-entropy and accuracy of `model` on `samples` (no augmentation). */
export function evaluateSamples(model: tf.LayersModel, samples: DigitSample[], batch = 250): { loss: number; accuracy: number } {
  let loss = 0;
  let correct = 0;
  for (let start = 0; start < samples.length; start += batch) {
    const part = samples.slice(start, start + batch);
    const probs = tf.tidy(() => (model.predict(samplesToTensor(part.map((s) => s.pixels))) as tf.Tensor).dataSync());
    part.forEach((s, i) => {
      const row = probs.subarray(i * 10, i * 10 + 10);
      loss -= Math.log(Math.max(row[s.label]!, 1e-7));
      let best = 0;
      for (let c = 1; c < 10; c++) if (row[c]! > row[best]!) best = c;
      if (best === s.label) correct++;
    });
  }
  return { loss: loss / samples.length, accuracy: correct / samples.length };
}

/** Trains the default CNN; the active tfjs backend must be able to compute gradients. */
export async function trainDigitModel(opts: TrainOptions): Promise<TrainResult> {
  const epochs = opts.epochs ?? 12;
  const batchSize = opts.batchSize ?? 64;
  const patience = opts.patience ?? 5;
  const seed = opts.seed ?? 1;
  const logger = opts.logger ?? silentLogger;
  if (!Number.isInteger(epochs) || epochs < 1) throw new RangeError(`epochs must be a positive integer, got ${epochs}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  if (opts.train.length === 0 || opts.heldOut.length === 0) throw new RangeError("train and heldOut must not be empty");
  if (opts.averageFrom !== undefined && !(Number.isInteger(opts.averageFrom) && opts.averageFrom >= 1)) {
    throw new RangeError(`averageFrom must be a positive integer, got ${opts.averageFrom}`);
  }

  const rng = createRng(seed);
  const model = buildDigitCnn({ seed, ...opts.architecture });
  if (opts.initialWeights) {
    const want = model.getWeights().map((w) => w.shape.join("×"));
    const got = opts.initialWeights.map((w) => w.shape.join("×"));
    if (want.join(",") !== got.join(",")) {
      model.dispose();
      throw new RangeError(`initial weights do not fit the architecture: got [${got.join(", ")}], need [${want.join(", ")}]`);
    }
    model.setWeights(opts.initialWeights);
  }
  const lr0 = opts.learningRate ?? 1e-3;
  const optimizer = tf.train.adam(lr0);
  model.compile({ optimizer, loss: "categoricalCrossentropy", metrics: ["accuracy"] });

  const started = performance.now();
  const batches = Math.ceil(opts.train.length / batchSize);
  const history: EpochStats[] = [];
  let best = { loss: Infinity, accuracy: 0, epoch: 0, weights: [] as tf.Tensor[] };
  const average = new WeightAverage();
  let stoppedEarly = false;
  let interrupted = false;
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const lr = lr0 * Math.pow(opts.decay ?? 0.75, Math.max(0, epoch - 2));
      // tfjs reads the rate on every update; Adam exposes no setter.
      (optimizer as unknown as { learningRate: number }).learningRate = lr;
      const epochStart = performance.now();
      const order = shuffled(opts.train, rng);
      let lossSum = 0, accSum = 0, seen = 0;
      for (let b = 0; b < batches && !opts.signal?.aborted; b++) {
        const part = order.slice(b * batchSize, (b + 1) * batchSize);
        const images = part.map((s) => (opts.augment === false ? s.pixels : augmentDigit(s.pixels, rng, opts.augment)));
        const x = samplesToTensor(images);
        const y = tf.oneHot(tf.tensor1d(part.map((s) => s.label), "int32"), 10);
        const [loss, acc] = (await model.trainOnBatch(x, y)) as number[];
        tf.dispose([x, y]);
        lossSum += loss! * part.length;
        accSum += acc! * part.length;
        seen += part.length;
        opts.onProgress?.({ kind: "batch", epoch, epochs, batch: b + 1, batches, loss: lossSum / seen, accuracy: accSum / seen, learningRate: lr });
        // Let timers (progress bar redraws, signals) run between batches.
        await new Promise((r) => setImmediate(r));
      }
      if (opts.signal?.aborted) {
        interrupted = true;
        logger.info({ epoch, bestEpoch: best.epoch }, "training interrupted: keeping the best finished epoch");
        if (best.epoch === 0) throw new Error("training was interrupted before the first epoch finished");
        break;
      }
      // From averageFrom on, the running mean is what is evaluated and kept; before, the model itself.
      const averaging = opts.averageFrom !== undefined && epoch >= opts.averageFrom;
      if (averaging) average.add(model.getWeights());
      const candidate = averaging ? average.weights : model.getWeights();
      const held = averaging ? evaluateWith(model, candidate, opts.heldOut) : evaluateSamples(model, opts.heldOut);
      const stats: EpochStats = {
        epoch,
        loss: lossSum / seen,
        accuracy: accSum / seen,
        heldOutLoss: held.loss,
        heldOutAccuracy: held.accuracy,
        learningRate: lr,
        seconds: (performance.now() - epochStart) / 1000,
        averaged: Math.max(1, average.count),
      };
      history.push(stats);
      logger.info(stats, "epoch done");
      opts.onProgress?.({ kind: "epoch", epoch, epochs, batch: batches, batches, loss: stats.loss, accuracy: stats.accuracy, heldOut: { ...held, averaged: stats.averaged }, learningRate: lr });
      if (held.loss < best.loss) {
        tf.dispose(best.weights);
        best = { loss: held.loss, accuracy: held.accuracy, epoch, weights: candidate.map((w) => w.clone()) };
      } else if (epoch - best.epoch >= patience) {
        stoppedEarly = true;
        logger.info({ epoch, bestEpoch: best.epoch, patience }, "early stop: held-out loss stopped improving");
        break;
      }
    }
    model.setWeights(best.weights);
  } finally {
    tf.dispose(best.weights);
    average.dispose();
  }
  return {
    model,
    bestEpoch: best.epoch,
    heldOutLoss: best.loss,
    heldOutAccuracy: best.accuracy,
    history,
    stoppedEarly,
    interrupted,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Held-out figures of `model` with `weights` in place; the model's own weights are restored after. */
function evaluateWith(model: tf.LayersModel, weights: tf.Tensor[], samples: DigitSample[]): { loss: number; accuracy: number } {
  const kept = model.getWeights().map((w) => w.clone());
  try {
    model.setWeights(weights);
    return evaluateSamples(model, samples);
  } finally {
    model.setWeights(kept);
    tf.dispose(kept);
  }
}
