import { inflateSync } from "fflate";
import type { ModelImage } from "../types.js";
import { REFERENCE_COUNT, REFERENCE_LABELS, REFERENCE_PIXELS_DEFLATED_BASE64 } from "./reference-digits-data.js";

/** Labelled MNIST digits shipped with the package, for convention detection. */
export interface ReferenceDigits {
  images: ModelImage[];
  labels: Uint8Array;
}

let cached: ReferenceDigits | null = null;

/** The shipped reference digits as 28×28 model images (0..1, light on dark). */
export function referenceDigits(): ReferenceDigits {
  if (cached) return cached;
  const pixels = inflateSync(Buffer.from(REFERENCE_PIXELS_DEFLATED_BASE64, "base64"));
  const images: ModelImage[] = [];
  for (let i = 0; i < REFERENCE_COUNT; i++) {
    images.push(Float32Array.from(pixels.subarray(i * 784, (i + 1) * 784), (v) => v / 255));
  }
  const labels = Uint8Array.from(REFERENCE_LABELS, (c) => c.charCodeAt(0) - 48);
  cached = { images, labels };
  return cached;
}
