import { ApiError } from "../errors/api-error.js";

/** What `sniffImage` of @repo/model reports about a byte string (null: not an image we take). */
export interface SniffedImage {
  type: "png" | "jpeg" | "webp" | "gif" | "tiff";
  mime: string;
  width?: number;
  height?: number;
}

/** The signature of `sniffImage` from @repo/model, injected so routes test without the model package. */
export type SniffImage = (bytes: Uint8Array) => SniffedImage | null;

/** A reason an upload cannot be enqueued, in the shared error vocabulary. */
export interface ImageRejection {
  code: "EMPTY_IMAGE" | "UNSUPPORTED_FORMAT" | "IMAGE_TOO_LARGE";
  message: string;
}

/**
 * Look at the bytes only (magic number and header), never decode: an upload
 * that is not an image, or whose header declares more than `maxPixels`, is
 * rejected before it costs a queue round trip or a worker's memory.
 */
export function inspectImage(
  bytes: Uint8Array,
  opts: { sniff: SniffImage; maxPixels: number },
): { ok: true; mime: string } | { ok: false; error: ImageRejection } {
  if (bytes.length === 0) return { ok: false, error: { code: "EMPTY_IMAGE", message: "the file is empty" } };
  const sniffed = opts.sniff(bytes);
  if (!sniffed) {
    return {
      ok: false,
      error: { code: "UNSUPPORTED_FORMAT", message: "not a PNG, JPEG, WebP, GIF or TIFF image" },
    };
  }
  const { width, height } = sniffed;
  if (width !== undefined && height !== undefined && width * height > opts.maxPixels) {
    return {
      ok: false,
      error: {
        code: "IMAGE_TOO_LARGE",
        message: `image is ${width}×${height} = ${width * height} pixels, over the limit of ${opts.maxPixels}`,
      },
    };
  }
  return { ok: true, mime: sniffed.mime };
}

/** {@link inspectImage}, throwing the rejection as an {@link ApiError} (for single-image routes). */
export function requireImage(bytes: Uint8Array, opts: { sniff: SniffImage; maxPixels: number }): string {
  const r = inspectImage(bytes, opts);
  if (!r.ok) throw new ApiError(r.error.code, r.error.message);
  return r.mime;
}
