// Training-time distortions of a 28×28 digit, so the model also reads digits
// that went through the upload path (photos cropped, rescaled to a 20-pixel
// box and re-centred): small shifts, rotations, scale/aspect/shear changes,
// smooth elastic warps, thinner and bolder strokes, and soft edges.
import type { Rng } from "./random.js";

const SIDE = 28;

/** Ranges of the distortions; each is drawn uniformly per sample. */
export interface AugmentOptions {
  /** Max rotation, degrees. @defaultValue 12 */
  rotateDeg?: number;
  /** Scale range ±. @defaultValue 0.12 */
  scale?: number;
  /** Aspect-ratio change ±. @defaultValue 0.1 */
  aspect?: number;
  /** Shear ±. @defaultValue 0.15 */
  shear?: number;
  /** Shift in pixels ±. @defaultValue 2.5 */
  shift?: number;
  /** Std-dev of elastic control-point displacements, pixels. @defaultValue 0.8 */
  elastic?: number;
  /** Probability of a bolder / thinner stroke. @defaultValue 0.3 / 0.25 */
  bolder?: number;
  thinner?: number;
  /** Probability of a 3×3 blur. @defaultValue 0.2 */
  blur?: number;
  /** Probability that a sample is left untouched. @defaultValue 0.15 */
  keep?: number;
}

/** Milder distortions, more clean samples: for fine-tuning a model that already reads distorted digits. */
export const LIGHT_AUGMENT: AugmentOptions = { keep: 0.4, rotateDeg: 8, scale: 0.08, aspect: 0.06, shear: 0.1, shift: 2, elastic: 0.5, bolder: 0.2, thinner: 0.15, blur: 0.1 };

function bilinear(src: Float32Array, x: number, y: number): number {
  // Pixel centres sit at i + 0.5.
  const fx = x - 0.5, fy = y - 0.5;
  const x0 = Math.floor(fx), y0 = Math.floor(fy);
  const ax = fx - x0, ay = fy - y0;
  const at = (xx: number, yy: number): number => (xx < 0 || yy < 0 || xx >= SIDE || yy >= SIDE ? 0 : src[yy * SIDE + xx]!);
  return (
    (1 - ay) * ((1 - ax) * at(x0, y0) + ax * at(x0 + 1, y0)) + ay * ((1 - ax) * at(x0, y0 + 1) + ax * at(x0 + 1, y0 + 1))
  );
}

/** max (grow) or min (shrink) over the 4-neighbourhood, blended by `k`. */
function morph(v: Float32Array, k: number, grow: boolean): Float32Array {
  const out = new Float32Array(v.length);
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const i = y * SIDE + x;
      const c = v[i]!;
      const n = [x > 0 ? v[i - 1]! : 0, x < SIDE - 1 ? v[i + 1]! : 0, y > 0 ? v[i - SIDE]! : 0, y < SIDE - 1 ? v[i + SIDE]! : 0];
      const e = grow ? Math.max(c, ...n) : Math.min(c, ...n);
      out[i] = c + k * (e - c);
    }
  }
  return out;
}

function blur3(v: Float32Array): Float32Array {
  const out = new Float32Array(v.length);
  const w = [1, 2, 1];
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      let s = 0, n = 0;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const yy = y + dy, xx = x + dx;
          const k = w[dy + 1]! * w[dx + 1]!;
          n += k;
          if (yy >= 0 && xx >= 0 && yy < SIDE && xx < SIDE) s += k * v[yy * SIDE + xx]!;
        }
      }
      out[y * SIDE + x] = s / n;
    }
  }
  return out;
}

/** A randomly distorted copy of a 28×28 digit (0..1, light on dark). */
export function augmentDigit(pixels: Float32Array, rng: Rng, opts: AugmentOptions = {}): Float32Array {
  if (rng.next() < (opts.keep ?? 0.15)) return pixels.slice();
  const rot = ((opts.rotateDeg ?? 12) * Math.PI) / 180;
  const th = rng.uniform(-rot, rot);
  const s = 1 + rng.uniform(-(opts.scale ?? 0.12), opts.scale ?? 0.12);
  const a = rng.uniform(-(opts.aspect ?? 0.1), opts.aspect ?? 0.1);
  const sh = rng.uniform(-(opts.shear ?? 0.15), opts.shear ?? 0.15);
  const tx = rng.uniform(-(opts.shift ?? 2.5), opts.shift ?? 2.5);
  const ty = rng.uniform(-(opts.shift ?? 2.5), opts.shift ?? 2.5);
  // Forward map: out = R·Sh·S·(src − c) + c + t; we sample with its inverse.
  const sx = s * (1 + a), sy = s * (1 - a);
  const cos = Math.cos(th), sin = Math.sin(th);
  // M = R · [[1, sh], [0, 1]] · diag(sx, sy)
  const m00 = cos * sx, m01 = (cos * sh - sin) * sy;
  const m10 = sin * sx, m11 = (sin * sh + cos) * sy;
  const det = m00 * m11 - m01 * m10;
  const i00 = m11 / det, i01 = -m01 / det, i10 = -m10 / det, i11 = m00 / det;

  // Elastic warp: random displacements on a 4×4 control grid, interpolated.
  const g = 4, sigma = opts.elastic ?? 0.8;
  const gx = Float32Array.from({ length: g * g }, () => rng.normal() * sigma);
  const gy = Float32Array.from({ length: g * g }, () => rng.normal() * sigma);
  const field = (f: Float32Array, x: number, y: number): number => {
    const u = (x / SIDE) * (g - 1), v = (y / SIDE) * (g - 1);
    const u0 = Math.min(g - 2, Math.floor(u)), v0 = Math.min(g - 2, Math.floor(v));
    const au = u - u0, av = v - v0;
    return (1 - av) * ((1 - au) * f[v0 * g + u0]! + au * f[v0 * g + u0 + 1]!) + av * ((1 - au) * f[(v0 + 1) * g + u0]! + au * f[(v0 + 1) * g + u0 + 1]!);
  };

  const c = SIDE / 2;
  let out: Float32Array = new Float32Array(SIDE * SIDE);
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const px = x + 0.5 + field(gx, x, y) - c - tx;
      const py = y + 0.5 + field(gy, x, y) - c - ty;
      out[y * SIDE + x] = bilinear(pixels, i00 * px + i01 * py + c, i10 * px + i11 * py + c);
    }
  }
  const r = rng.next();
  const bolder = opts.bolder ?? 0.3, thinner = opts.thinner ?? 0.25;
  if (r < bolder) out = morph(out, rng.uniform(0.3, 1), true);
  else if (r < bolder + thinner) out = morph(out, rng.uniform(0.2, 0.6), false);
  if (rng.next() < (opts.blur ?? 0.2)) out = blur3(out);
  return out;
}
