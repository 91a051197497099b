// Accuracy measured the way the service sees digits: every sample encoded as
// an image file and decoded by the model's own upload preprocessing.
import { mnistSamplePng, type DigitModel } from "@repo/model";
import type { DigitSample } from "./mnist-split.js";

/** One labelled image file. */
export interface LabelledImage {
  bytes: Uint8Array;
  label: number;
  /** e.g. "png" or "jpeg", to report accuracy per kind. */
  kind?: string;
}

/** Accuracy over labelled image files, decoded with `model.decode` and predicted in batches. */
export async function accuracyOnImages(
  model: DigitModel,
  images: readonly LabelledImage[],
  opts: { batch?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<{ accuracy: number; correct: number; total: number; wrong: number[] }> {
  const batch = opts.batch ?? 100;
  let correct = 0;
  const wrong: number[] = [];
  for (let start = 0; start < images.length; start += batch) {
    const part = images.slice(start, start + batch);
    const decoded = await Promise.all(part.map((img) => model.decode(img.bytes)));
    const rows = await model.predict(decoded);
    rows.forEach((row, i) => {
      let best = 0;
      for (let c = 1; c < row.length; c++) if (row[c]! > row[best]!) best = c;
      if (best === part[i]!.label) correct++;
      else wrong.push(start + i);
    });
    opts.onProgress?.(Math.min(images.length, start + batch), images.length);
  }
  return { accuracy: correct / images.length, correct, total: images.length, wrong };
}

/** Samples as 8-bit greyscale 28×28 PNGs, as a user would upload an MNIST digit. */
export function samplesAsPngs(samples: readonly DigitSample[]): LabelledImage[] {
  return samples.map((s) => ({ bytes: mnistSamplePng(s.pixels), label: s.label, kind: "png" }));
}
