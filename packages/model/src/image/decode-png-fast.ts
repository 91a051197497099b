// Small PNGs (drawings, MNIST-sized uploads) decode faster in plain JS than
// through sharp, whose fixed cost per call (~1 ms) dominates tiny images.
// pngjs's synchronous reader inflates the whole IDAT stream in one zlib call;
// measured on a 28×28 MNIST PNG it took 0.11 ms of CPU against 0.22 ms for
// fast-png (whose streaming inflate grows its output buffer by copying).
import { PNG } from "pngjs";
import { toGreyPlane, type GreyPlane } from "./grey-plane.js";

/** PNGs up to this many bytes and pixels take the pure-JS decoder. */
export const FAST_PNG_MAX_BYTES = 64 * 1024;
export const FAST_PNG_MAX_PIXELS = 150 * 150;

/** Whether one of the chunks `names` comes before the image data (eXIf and tRNS must). */
function hasChunk(b: Uint8Array, names: readonly string[]): boolean {
  // Chunk walk: length(4) type(4) data crc(4), starting after the signature.
  let i = 8;
  while (i + 8 <= b.length) {
    const len = ((b[i]! << 24) >>> 0) + (b[i + 1]! << 16) + (b[i + 2]! << 8) + b[i + 3]!;
    const type = String.fromCharCode(b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!);
    if (names.includes(type)) return true;
    if (type === "IDAT" || type === "IEND") return false;
    i += 12 + len;
  }
  return false;
}

/**
 * Decode a small PNG in JS, or return null when it should go to sharp instead
 * (too big, EXIF orientation, a colour-key transparency, or anything the JS
 * reader rejects: sharp then gives the authoritative verdict).
 */
export function decodePngFast(
  bytes: Uint8Array,
  width: number,
  height: number,
  limits = { maxBytes: FAST_PNG_MAX_BYTES, maxPixels: FAST_PNG_MAX_PIXELS },
): GreyPlane | null {
  if (bytes.length > limits.maxBytes || width * height > limits.maxPixels) return null;
  // eXIf may rotate the image and tRNS makes a colour transparent; sharp handles both.
  if (hasChunk(bytes, ["eXIf", "tRNS"])) return null;
  try {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // Always 8-bit RGBA out (palettes expanded, 16-bit scaled down); CRCs checked.
    const png = PNG.sync.read(buf, { checkCRC: true });
    if (png.width !== width || png.height !== height) return null;
    if (png.data.length < width * height * 4) return null;
    return toGreyPlane(png.data, width, height, 4, 255);
  } catch {
    return null;
  }
}
