// Everything that is not a small PNG goes through sharp (libvips): all five
// formats, EXIF orientation, shrink-on-load for big JPEGs, and a pixel limit
// checked from the header before any pixel buffer is allocated.
import sharp from "sharp";
import { ImageError } from "./image-error.js";
import { toGreyPlane, type GreyPlane } from "./grey-plane.js";

/** Options for {@link configureSharp}. */
export interface SharpSettings {
  /** libvips threads per image. @defaultValue 1 (SHARP_CONCURRENCY): workers scale by process, not thread */
  concurrency?: number;
  /** libvips operation cache; off by default since uploads are never repeated. */
  cache?: boolean | { memory?: number; files?: number; items?: number };
}

/** Set libvips' thread count and operation cache for this process. */
export function configureSharp(settings: SharpSettings): void {
  if (settings.concurrency !== undefined) sharp.concurrency(settings.concurrency);
  if (settings.cache !== undefined) sharp.cache(settings.cache);
}

function classify(err: unknown): ImageError {
  const message = err instanceof Error ? err.message : String(err);
  if (/pixel limit/i.test(message)) {
    return new ImageError("IMAGE_TOO_LARGE", `the image has more pixels than allowed: ${message}`, { cause: err });
  }
  if (/unsupported image format/i.test(message)) {
    return new ImageError("UNSUPPORTED_FORMAT", "the file is not a supported image (PNG, JPEG, WebP, GIF, TIFF)", { cause: err });
  }
  return new ImageError("CORRUPT_IMAGE", `the image cannot be decoded: ${message}`, { cause: err });
}

/**
 * Decode with sharp to a {@link GreyPlane}. `fit` resizes on the way (libvips
 * then decodes big JPEGs at a reduced scale); `maxPixels` refuses bombs.
 */
export async function decodeWithSharp(
  bytes: Uint8Array,
  opts: { maxPixels: number; fit?: { width: number; height: number; mode: "inside" | "fill" } },
): Promise<GreyPlane> {
  try {
    let pipeline = sharp(bytes, { limitInputPixels: opts.maxPixels, failOn: "error", pages: 1 }).rotate();
    if (opts.fit) {
      pipeline = pipeline.resize({
        width: opts.fit.width,
        height: opts.fit.height,
        fit: opts.fit.mode,
        withoutEnlargement: opts.fit.mode === "inside",
      });
    }
    const { data, info } = await pipeline.raw({ depth: "uchar" }).toBuffer({ resolveWithObject: true });
    return toGreyPlane(data, info.width, info.height, info.channels, 255);
  } catch (err) {
    throw classify(err);
  }
}
