import { ImageError } from "./image-error.js";
import type { GreyPlane } from "./grey-plane.js";

/**
 * Composite a transparent image onto an opaque ground and return luminance.
 * The ground is the opposite of what is drawn: a canvas drawing is dark
 * strokes on transparent pixels (often stored as transparent black), which
 * needs a white ground; light strokes on transparent need a black one.
 */
export function flattenAlpha(plane: GreyPlane): Float32Array {
  const { grey, alpha } = plane;
  if (!alpha) return grey;
  let mass = 0;
  let sum = 0;
  for (let i = 0; i < grey.length; i++) {
    mass += alpha[i]!;
    sum += alpha[i]! * grey[i]!;
  }
  if (mass < 0.5) throw new ImageError("BLANK_IMAGE", "the image is fully transparent: nothing is drawn");
  const ground = sum / mass < 128 ? 255 : 0;
  const out = new Float32Array(grey.length);
  for (let i = 0; i < grey.length; i++) {
    const a = alpha[i]!;
    out[i] = a * grey[i]! + (1 - a) * ground;
  }
  return out;
}
