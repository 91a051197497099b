// Accuracy of a DigitModel over the 10,000 samples of the `mnist` package,
// fed two ways: the raw pixel arrays, and each sample encoded as a PNG and
// decoded exactly like a served upload (DigitModel.decode).
import { createRequire } from "node:module";
import { encodeGreyPng } from "../image/encode-png.js";
import { resample } from "../image/resample.js";
import type { ModelImage } from "../types.js";
import type { DigitModel } from "./digit-model.js";

const mnist = createRequire(import.meta.url)("mnist") as { get(i: number): number[]; length: number }[];

/** Options for {@link evaluateOnMnist}. */
export interface EvaluateOptions {
  /** Evaluate this many samples, spread over all classes. @defaultValue all 10,000 */
  limit?: number;
  /** Images per forward pass. @defaultValue 128 */
  batch?: number;
  /** Also run every sample through PNG encoding and upload preprocessing. @defaultValue true */
  images?: boolean;
  /** Called after each batch with the phase and the number of samples done. */
  onProgress?: (phase: "raw" | "images", done: number, total: number) => void;
}

/** What {@link evaluateOnMnist} measured. */
export interface Evaluation {
  samples: number;
  /** Accuracy on the raw samples (0..1). */
  accuracy: number;
  /** Accuracy through PNG + upload preprocessing (0..1), or null when skipped. */
  imageAccuracy: number | null;
  seconds: { raw: number; images: number | null };
}

/** The first `limit` samples of the `mnist` package (all 10,000 by default), as 0..1 pixels and labels. */
export function mnistSamples(limit = Infinity): { pixels: Float32Array; label: number }[] {
  const all: { pixels: Float32Array; label: number }[] = [];
  for (let d = 0; d < 10; d++) {
    for (let i = 0; i < mnist[d]!.length; i++) all.push({ pixels: Float32Array.from(mnist[d]!.get(i)), label: d });
  }
  if (limit >= all.length) return all;
  // A partial run is spread across every class rather than taking only zeros.
  const step = all.length / limit;
  return Array.from({ length: limit }, (_, k) => all[Math.floor(k * step)]!);
}

/** A 28×28 sample as an 8-bit greyscale PNG, the way a user would upload it. */
export function mnistSamplePng(pixels: Float32Array): Uint8Array {
  const data = Uint8Array.from(pixels, (v) => Math.round(v * 255));
  return encodeGreyPng(data, 28, 28);
}

function argmax(row: Float32Array): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i]! > row[best]!) best = i;
  return best;
}

async function accuracyOf(
  model: DigitModel,
  next: (i: number) => Promise<ModelImage> | ModelImage,
  labels: number[],
  batch: number,
  report: (done: number) => void,
): Promise<number> {
  let correct = 0;
  for (let start = 0; start < labels.length; start += batch) {
    const end = Math.min(labels.length, start + batch);
    const inputs: ModelImage[] = [];
    for (let i = start; i < end; i++) inputs.push(await next(i));
    const rows = await model.predict(inputs);
    rows.forEach((row, k) => {
      if (argmax(row) === labels[start + k]) correct++;
    });
    report(end);
  }
  return correct / labels.length;
}

/** Measure accuracy on the raw MNIST samples and through images. */
export async function evaluateOnMnist(model: DigitModel, opts: EvaluateOptions = {}): Promise<Evaluation> {
  const samples = mnistSamples(opts.limit);
  const labels = samples.map((s) => s.label);
  const batch = opts.batch ?? 128;
  const progress = opts.onProgress ?? (() => {});
  const { height, width } = model.info.imageSize;
  const fit = (p: Float32Array): ModelImage =>
    height === 28 && width === 28
      ? p
      : resample(p, 28, 28, width, height, Math.min(height, width) / 28, (width - 28 * Math.min(height, width) / 28) / 2, (height - 28 * Math.min(height, width) / 28) / 2);

  let t = performance.now();
  const accuracy = await accuracyOf(model, (i) => fit(samples[i]!.pixels), labels, batch, (d) => progress("raw", d, labels.length));
  const rawSeconds = (performance.now() - t) / 1000;
  if (opts.images === false) return { samples: labels.length, accuracy, imageAccuracy: null, seconds: { raw: rawSeconds, images: null } };

  t = performance.now();
  const imageAccuracy = await accuracyOf(
    model,
    (i) => model.decode(mnistSamplePng(samples[i]!.pixels)),
    labels,
    batch,
    (d) => progress("images", d, labels.length),
  );
  return { samples: labels.length, accuracy, imageAccuracy, seconds: { raw: rawSeconds, images: (performance.now() - t) / 1000 } };
}
