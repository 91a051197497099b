// MNIST's own preprocessing, applied to any greyscale picture of a digit: ink
// made light on dark, stretched to 0..1, cropped to its bounding box, fitted in
// a 20×20 box and placed in 28×28 by centre of mass. Input that is already an
// MNIST digit passes through unchanged (no thresholding, no resampling), so
// served uploads keep the accuracy of the raw samples.
import { ImageError } from "./image-error.js";
import { resample } from "./resample.js";

/** A digit whose bounding box is within this ratio of the 20-pixel box is not rescaled. */
const KEEP_SCALE = 0.15;
/** Normalised level above which a pixel counts for the bounding box. */
const INK_LEVEL = 0.1;
/** Minimum ink-to-ground contrast (0..255) below which the image is blank. */
const MIN_CONTRAST = 24;

const bin = (v: number) => (v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v));

function quantile(hist: Uint32Array, q: number): number {
  let n = 0;
  for (let b = 0; b < 256; b++) n += hist[b]!;
  const target = q * (n - 1);
  let seen = 0;
  for (let b = 0; b < 256; b++) {
    seen += hist[b]!;
    if (seen > target) return b;
  }
  return 255;
}

/**
 * Visit the pixels of a ring a few percent of the image wide: wide enough to
 * outvote a stroke touching the edge, narrow enough to stay off a centred digit.
 */
function forBorder(w: number, h: number, visit: (i: number) => void): void {
  const r = Math.max(1, Math.round(Math.min(w, h) * 0.04));
  for (let y = 0; y < h; y++) {
    const row = y * w;
    if (y < r || y >= h - r) {
      for (let x = 0; x < w; x++) visit(row + x);
    } else {
      for (let x = 0; x < r; x++) visit(row + x);
      for (let x = w - r; x < w; x++) visit(row + x);
    }
  }
}

/**
 * Normalise a greyscale digit image (0..255, any polarity) to the MNIST
 * layout in `outW×outH` (0..1, light ink on dark). Throws BLANK_IMAGE when
 * nothing stands out from the ground.
 */
export function mnistNormalise(grey: Float32Array, w: number, h: number, outW: number, outH: number): Float32Array {
  const n = w * h;
  const hist = new Uint32Array(256);
  forBorder(w, h, (i) => hist[bin(grey[i]!)]!++);
  const ground = quantile(hist, 0.5);
  // Noise level of the ground (median absolute deviation), so paper grain
  // and JPEG ringing are not taken for ink; zero on clean images.
  hist.fill(0);
  forBorder(w, h, (i) => hist[bin(Math.abs(grey[i]! - ground))]!++);
  const margin = 3 * 1.4826 * quantile(hist, 0.5);

  // Polarity: is there more mass clearly darker or clearly lighter than the ground?
  let darker = 0;
  let lighter = 0;
  for (let i = 0; i < n; i++) {
    const d = grey[i]! - ground;
    if (d > margin) lighter += d - margin;
    else if (d < -margin) darker += -d - margin;
  }
  const invert = darker > lighter;
  const lo = (invert ? 255 - ground : ground) + margin;
  const v = new Float32Array(n);
  hist.fill(0);
  let above = 0;
  for (let i = 0; i < n; i++) {
    const x = invert ? 255 - grey[i]! : grey[i]!;
    v[i] = x;
    if (x > lo) {
      hist[bin(x)]!++;
      above++;
    }
  }
  if (above === 0) throw new ImageError("BLANK_IMAGE", "the image is blank: no ink stands out from the background");
  // Ink level: a high percentile of the pixels above the ground, robust to specks.
  const hi = quantile(hist, 0.995);
  if (hi - lo < MIN_CONTRAST) {
    throw new ImageError("BLANK_IMAGE", "the image is blank: too little contrast between ink and background");
  }
  let x0 = w, y0 = h, x1 = -1, y1 = -1;
  const span = hi - lo;
  for (let y = 0; y < h; y++) {
    for (let x = 0, i = y * w; x < w; x++, i++) {
      const t = (v[i]! - lo) / span;
      const c = t <= 0 ? 0 : t >= 1 ? 1 : t;
      v[i] = c;
      if (c > INK_LEVEL) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  if (x1 < 0) throw new ImageError("BLANK_IMAGE", "the image is blank: no ink stands out from the background");

  // Crop: keep a one-pixel fringe so the faint anti-aliased edge survives.
  const cx0 = Math.max(0, x0 - 1), cy0 = Math.max(0, y0 - 1);
  const cw = Math.min(w - 1, x1 + 1) - cx0 + 1, ch = Math.min(h - 1, y1 + 1) - cy0 + 1;
  const crop = new Float32Array(cw * ch);
  let mass = 0, mx = 0, my = 0;
  for (let y = 0; y < ch; y++) {
    for (let x = 0; x < cw; x++) {
      const c = v[(y + cy0) * w + x + cx0]!;
      crop[y * cw + x] = c;
      mass += c;
      mx += c * (x + cx0 + 0.5);
      my += c * (y + cy0 + 0.5);
    }
  }
  const box = Math.round((Math.min(outW, outH) * 20) / 28);
  let s = box / Math.max(x1 - x0 + 1, y1 - y0 + 1);
  const keep = Math.abs(s - 1) <= KEEP_SCALE;
  if (keep) s = 1;
  let tx = outW / 2 - s * (mx / mass);
  let ty = outH / 2 - s * (my / mass);
  if (keep) {
    // Integer shifts keep pixels exact; a digit already within a pixel of the
    // centre of a same-sized image (an MNIST sample) is not moved at all.
    const same = w === outW && h === outH;
    tx = same && Math.abs(tx) <= 1 ? 0 : Math.round(tx);
    ty = same && Math.abs(ty) <= 1 ? 0 : Math.round(ty);
  }
  // The crop starts at (cx0, cy0) in image coordinates.
  const out = resample(crop, cw, ch, outW, outH, s, tx + s * cx0, ty + s * cy0);
  for (let i = 0; i < out.length; i++) out[i] = out[i]! < 0 ? 0 : out[i]! > 1 ? 1 : out[i]!;
  return out;
}
