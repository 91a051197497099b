// Small PNGs (drawings, MNIST-sized uploads) decode faster in plain JS than
// through sharp, whose fixed cost per call (~1 ms) dominates tiny images.
import { convertIndexedToRgb, decode } from "fast-png";
import { toGreyPlane, type GreyPlane } from "./grey-plane.js";

/** PNGs up to this many bytes and pixels take the pure-JS decoder. */
export const FAST_PNG_MAX_BYTES = 64 * 1024;
export const FAST_PNG_MAX_PIXELS = 150 * 150;

function hasChunk(b: Uint8Array, name: string): boolean {
  // Chunk walk: length(4) type(4) data crc(4), starting after the signature.
  let i = 8;
  while (i + 8 <= b.length) {
    const len = ((b[i]! << 24) >>> 0) + (b[i + 1]! << 16) + (b[i + 2]! << 8) + b[i + 3]!;
    const type = String.fromCharCode(b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!);
    if (type === name) return true;
    if (type === "IDAT" || type === "IEND") return false;
    i += 12 + len;
  }
  return false;
}

/**
 * Decode a small PNG with fast-png, or return null when it should go to sharp
 * instead (too big, EXIF orientation, a colour-key transparency, or anything
 * fast-png rejects: sharp then gives the authoritative verdict).
 */
export function decodePngFast(
  bytes: Uint8Array,
  width: number,
  height: number,
  limits = { maxBytes: FAST_PNG_MAX_BYTES, maxPixels: FAST_PNG_MAX_PIXELS },
): GreyPlane | null {
  if (bytes.length > limits.maxBytes || width * height > limits.maxPixels) return null;
  // eXIf may rotate the image; only sharp applies it.
  if (hasChunk(bytes, "eXIf")) return null;
  try {
    let png = decode(bytes, { checkCrc: true });
    if (png.width !== width || png.height !== height) return null;
    if (png.palette) {
      const rgb = convertIndexedToRgb(png);
      return toGreyPlane(rgb, png.width, png.height, rgb.length / (png.width * png.height), 255);
    }
    if (png.transparency) return null;
    const expected = png.width * png.height * png.channels;
    if (png.data.length < expected) return null;
    return toGreyPlane(png.data, png.width, png.height, png.channels, png.depth === 16 ? 65535 : (1 << png.depth) - 1);
  } catch {
    return null;
  }
}
