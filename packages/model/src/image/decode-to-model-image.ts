// Bytes of an uploaded file → a ModelImage (h×w, 0..1, light ink on dark).
import type { ModelImage, PreprocessMode } from "../types.js";
import { decodePngFast } from "./decode-png-fast.js";
import { decodeWithSharp } from "./decode-sharp.js";
import { flattenAlpha } from "./flatten-alpha.js";
import type { GreyPlane } from "./grey-plane.js";
import { ImageError } from "./image-error.js";
import { mnistNormalise } from "./mnist-normalise.js";
import { sniffImage } from "./sniff-image.js";

/** Options for {@link decodeToModelImage}. */
export interface DecodeOptions {
  /** Height and width of the model image (28×28 for MNIST models). */
  height: number;
  width: number;
  /** `mnist`: MNIST-style normalisation; `resize`: the original service's plain resize. @defaultValue "mnist" */
  mode?: PreprocessMode;
  /** Refuse images with more pixels than this (MAX_IMAGE_PIXELS), before decoding. @defaultValue 25_000_000 */
  maxPixels?: number;
}

/**
 * Largest side sharp hands to the MNIST normaliser: five times the model
 * image keeps strokes sharp after cropping, and lets libvips shrink big
 * photos (JPEG shrink-on-load) instead of decoding every pixel.
 */
const WORK_SIDE = 140;

/** Decode and normalise one image; throws {@link ImageError} with a code for any bad input. */
export async function decodeToModelImage(bytes: Uint8Array, opts: DecodeOptions): Promise<ModelImage> {
  const { height, width } = opts;
  const mode = opts.mode ?? "mnist";
  const maxPixels = opts.maxPixels ?? 25_000_000;
  if (bytes.length === 0) throw new ImageError("EMPTY_IMAGE", "the file is empty");
  const sniffed = sniffImage(bytes);
  if (!sniffed) {
    throw new ImageError("UNSUPPORTED_FORMAT", "the file is not a supported image (PNG, JPEG, WebP, GIF, TIFF)");
  }
  if (sniffed.width !== undefined && sniffed.height !== undefined && sniffed.width * sniffed.height > maxPixels) {
    throw new ImageError(
      "IMAGE_TOO_LARGE",
      `the image is ${sniffed.width}×${sniffed.height} pixels, over the limit of ${maxPixels}`,
    );
  }

  let plane: GreyPlane | null = null;
  const exact = sniffed.width === width && sniffed.height === height;
  if (sniffed.type === "png" && sniffed.width && sniffed.height && (mode === "mnist" || exact)) {
    plane = decodePngFast(bytes, sniffed.width, sniffed.height);
  }
  if (!plane) {
    const fit =
      mode === "resize"
        ? { width, height, mode: "fill" as const }
        : { width: WORK_SIDE * Math.ceil(width / 28), height: WORK_SIDE * Math.ceil(height / 28), mode: "inside" as const };
    plane = await decodeWithSharp(bytes, { maxPixels, fit });
  }
  const grey = flattenAlpha(plane);
  if (mode === "mnist") return mnistNormalise(grey, plane.width, plane.height, width, height);

  // resize: scale to 0..1 and keep the upload's polarity, as the original did.
  const out = new Float32Array(width * height);
  for (let i = 0; i < out.length; i++) out[i] = grey[i]! / 255;
  return out;
}
