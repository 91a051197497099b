// The figures model/README.md reports, measured the way the service sees
// digits: held-out samples as PNG uploads, and photo-style JPEG/PNG files
// made from held-out samples.
import type { DigitModel } from "@repo/model";
import { accuracyOnImages, samplesAsPngs } from "./image-path-accuracy.js";
import { splitMnist } from "./mnist-split.js";
import { makePhotoDigits } from "./photo-digits.js";

/** What {@link measureModel} found (accuracies in 0..1). */
export interface ModelMeasurement {
  heldOut: { samples: number; imagePathAccuracy: number };
  photos: { samples: number; files: number; accuracy: number; jpeg: number; png: number };
}

/** Options for {@link measureModel}. */
export interface MeasureOptions {
  /** Held-out samples to use (from the start of the held-out set). @defaultValue 2000 */
  heldOut?: number;
  /** Held-out samples drawn as photos (two files each). @defaultValue 2000 */
  photos?: number;
  /** Seed of the photo renderer. @defaultValue 7 */
  photoSeed?: number;
  onProgress?: (phase: "held-out" | "photos", done: number, total: number) => void;
}

/** Measures held-out accuracy through PNG uploads and accuracy on photo-style digits. */
export async function measureModel(model: DigitModel, opts: MeasureOptions = {}): Promise<ModelMeasurement> {
  const held = splitMnist().heldOut;
  const plain = held.slice(0, opts.heldOut ?? held.length);
  const image = await accuracyOnImages(model, samplesAsPngs(plain), { onProgress: (d, t) => opts.onProgress?.("held-out", d, t) });

  const photoSamples = held.slice(0, opts.photos ?? held.length);
  let correct = { jpeg: 0, png: 0 };
  let files = 0;
  // Rendered in chunks so thousands of photos never sit in memory at once.
  const chunk = 100;
  for (let start = 0; start < photoSamples.length; start += chunk) {
    const photos = await makePhotoDigits(photoSamples.slice(start, start + chunk), (opts.photoSeed ?? 7) + start);
    const r = await accuracyOnImages(model, photos);
    const wrong = new Set(r.wrong);
    photos.forEach((p, i) => {
      if (!wrong.has(i)) correct = { ...correct, [p.kind as "jpeg" | "png"]: correct[p.kind as "jpeg" | "png"] + 1 };
    });
    files += photos.length;
    opts.onProgress?.("photos", Math.min(photoSamples.length, start + chunk), photoSamples.length);
  }
  const n = photoSamples.length;
  return {
    heldOut: { samples: plain.length, imagePathAccuracy: image.accuracy },
    photos: { samples: n, files, accuracy: (correct.jpeg + correct.png) / files, jpeg: correct.jpeg / n, png: correct.png / n },
  };
}
