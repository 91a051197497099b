// Which pixel scale and polarity does a model expect? Nothing in a Keras file
// says so reliably (a Rescaling layer may or may not be there; some models
// were trained on 0..255 without one), so ask the model: run it on labelled
// reference digits under each convention and keep the one it reads best.
import * as tf from "@tensorflow/tfjs";
import type { Logger } from "@repo/logger";
import { resample } from "../image/resample.js";
import type { InputConvention, InputPolarity, InputScale, ModelImage } from "../types.js";
import { ALL_CONVENTIONS, toInputTensor, type ConventionChoice } from "./convention.js";
import type { InputLayout } from "./input-layout.js";
import { referenceDigits } from "./reference-digits.js";

/** Accuracies closer than this count as a tie, settled by log-likelihood. */
export const TIE_MARGIN = 0.01;
/** Below this best reference accuracy the model still loads, with a loud warning. */
export const POOR_ACCURACY = 0.8;
const BATCH = 100;
/** Digits every candidate reads before the clearly worse ones are dropped. */
const SCREEN = 100;
/** Candidates this far behind the leader after screening are dropped. */
const SCREEN_MARGIN = 0.1;

/** One convention's score on the reference digits. */
export interface ConventionScore extends ConventionChoice {
  accuracy: number;
  logLikelihood: number;
  /** Reference digits it was scored on (fewer when it was dropped after screening). */
  samples: number;
}

/** What detection found. */
export interface DetectedConvention {
  convention: InputConvention;
  scores: ConventionScore[];
  /**
   * False when the model's outputs are not probabilities (no softmax): predict then applies one.
   * Echoes {@link DetectOptions.outputsAreProbabilities} when given; otherwise judged from the outputs.
   */
  outputsAreProbabilities: boolean;
  /** Whether every output row on the reference digits was in 0..1 and summed to 1 (within 1e-3). */
  outputsLookLikeProbabilities: boolean;
}

/** Options for {@link detectConvention}. */
export interface DetectOptions {
  model: tf.LayersModel;
  layout: InputLayout;
  /** A fixed scale (INPUT_SCALE), or "auto" to detect. @defaultValue "auto" */
  scale?: InputScale | "auto";
  /** A fixed polarity (INPUT_POLARITY), or "auto" to detect. @defaultValue "auto" */
  polarity?: InputPolarity | "auto";
  /**
   * Whether the outputs are probabilities, when the model file says so (the
   * loader's `outputIsProbabilities`). @defaultValue judged from the outputs:
   * every row in 0..1 summing to 1
   */
  outputsAreProbabilities?: boolean;
  logger: Logger;
}

function fitToLayout(img: ModelImage, layout: InputLayout): ModelImage {
  if (layout.height === 28 && layout.width === 28) return img;
  const s = Math.min(layout.height, layout.width) / 28;
  return resample(img, 28, 28, layout.width, layout.height, s, (layout.width - 28 * s) / 2, (layout.height - 28 * s) / 2);
}

function looksLikeProbabilities(rows: Float32Array, classes: number): boolean {
  for (let r = 0; r < rows.length / classes; r++) {
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      const v = rows[r * classes + c]!;
      if (!(v >= 0 && v <= 1)) return false;
      sum += v;
    }
    if (Math.abs(sum - 1) > 1e-3) return false;
  }
  return true;
}

interface Tally {
  correct: number;
  logLikelihood: number;
  count: number;
  /** Every row so far was in 0..1 and summed to 1. */
  probabilities: boolean;
}

function tally(
  model: tf.LayersModel,
  images: ModelImage[],
  labels: Uint8Array,
  layout: InputLayout,
  choice: ConventionChoice,
  fromFile: boolean | undefined,
  into: Tally,
): void {
  for (let start = 0; start < images.length; start += BATCH) {
    const batch = images.slice(start, start + BATCH);
    const [raw, probs] = tf.tidy(() => {
      const out = model.predict(toInputTensor(batch, layout, choice)) as tf.Tensor;
      return [out.dataSync() as Float32Array, tf.softmax(out).dataSync() as Float32Array];
    });
    const classes = raw.length / batch.length;
    if (!looksLikeProbabilities(raw, classes)) into.probabilities = false;
    const rows = (fromFile ?? into.probabilities) ? raw : probs;
    for (let i = 0; i < batch.length; i++) {
      let best = 0;
      for (let c = 1; c < classes; c++) if (rows[i * classes + c]! > rows[i * classes + best]!) best = c;
      const label = labels[start + i]!;
      if (best === label) into.correct++;
      into.logLikelihood += Math.log(Math.max(label < classes ? rows[i * classes + label]! : 0, 1e-7));
      into.count++;
    }
  }
}

/**
 * Score every allowed convention on the shipped reference digits and keep
 * the most accurate; accuracies within {@link TIE_MARGIN} of the best are
 * decided by the mean log-likelihood of the true labels (a model fed the
 * wrong scale can still get the argmax right while being badly calibrated).
 */
export function detectConvention(opts: DetectOptions): DetectedConvention {
  const { model, layout, logger } = opts;
  const scale = opts.scale ?? "auto";
  const polarity = opts.polarity ?? "auto";
  const started = performance.now();
  const refs = referenceDigits();
  const images = refs.images.map((img) => fitToLayout(img, layout));
  const candidates = ALL_CONVENTIONS.filter(
    (c) => (scale === "auto" || c.scale === scale) && (polarity === "auto" || c.polarity === polarity),
  );
  // Two rounds: every candidate reads the first SCREEN digits, and only those
  // near the leader read the rest (a CNN fed the wrong scale is at chance
  // after 100 digits; no need to spend 400 more forward passes on it).
  const tallies = candidates.map(() => ({ correct: 0, logLikelihood: 0, count: 0, probabilities: true }));
  candidates.forEach((c, k) =>
    tally(model, images.slice(0, SCREEN), refs.labels.subarray(0, SCREEN), layout, c, opts.outputsAreProbabilities, tallies[k]!),
  );
  const leader = Math.max(...tallies.map((t) => t.correct / t.count));
  candidates.forEach((c, k) => {
    const t = tallies[k]!;
    if (t.correct / t.count >= leader - SCREEN_MARGIN) {
      tally(model, images.slice(SCREEN), refs.labels.subarray(SCREEN), layout, c, opts.outputsAreProbabilities, t);
    }
  });
  const outputsLookLikeProbabilities = tallies.every((t) => t.probabilities);
  const outputsAreProbabilities = opts.outputsAreProbabilities ?? outputsLookLikeProbabilities;
  const scores: ConventionScore[] = candidates.map((c, k) => {
    const t = tallies[k]!;
    return { ...c, accuracy: t.correct / t.count, logLikelihood: t.logLikelihood / t.count, samples: t.count };
  });
  // Only fully scored candidates can win.
  const finalists = scores.filter((s) => s.samples === images.length);
  const top = Math.max(...finalists.map((s) => s.accuracy));
  let best = finalists[0]!;
  for (const s of finalists) {
    if (s.accuracy < top - TIE_MARGIN) continue;
    if (best.accuracy < top - TIE_MARGIN || s.logLikelihood > best.logLikelihood) best = s;
  }
  const convention: InputConvention = {
    scale: best.scale,
    polarity: best.polarity,
    source: scale === "auto" && polarity === "auto" ? "detected" : "override",
    referenceAccuracy: best.accuracy,
    referenceLogLikelihood: best.logLikelihood,
  };
  const ms = Math.round(performance.now() - started);
  logger.info({ convention, scores, references: images.length, ms }, "input convention chosen");
  if (best.accuracy < POOR_ACCURACY) {
    logger.warn(
      { referenceAccuracy: best.accuracy, scores },
      `MODEL LOOKS WRONG: best accuracy on the reference MNIST digits is ${(best.accuracy * 100).toFixed(1)} % (under ${POOR_ACCURACY * 100} %); predictions are likely to be poor. Check INPUT_SCALE / INPUT_POLARITY / PREPROCESS or the model file`,
    );
  }
  return { convention, scores, outputsAreProbabilities, outputsLookLikeProbabilities };
}
