// Separable resampling under an affine map out = s·in + t (per axis), with
// area averaging when shrinking (no aliasing from big photos) and bilinear
// interpolation when enlarging. At s = 1 with an integer t it is an exact copy.

interface Taps {
  start: Int32Array;
  count: Int32Array;
  weights: Float32Array[];
}

function taps(inN: number, outN: number, s: number, t: number): Taps {
  const start = new Int32Array(outN);
  const count = new Int32Array(outN);
  const weights: Float32Array[] = [];
  for (let o = 0; o < outN; o++) {
    const w: number[] = [];
    let first = 0;
    if (s <= 1) {
      // Output pixel o covers source interval [(o - t)/s, (o + 1 - t)/s).
      const a = (o - t) / s;
      const b = (o + 1 - t) / s;
      first = Math.max(0, Math.floor(a));
      const last = Math.min(inN - 1, Math.ceil(b) - 1);
      for (let i = first; i <= last; i++) w.push((Math.min(b, i + 1) - Math.max(a, i)) * s);
    } else {
      const c = (o + 0.5 - t) / s - 0.5;
      const i0 = Math.floor(c);
      const f = c - i0;
      first = Math.max(0, i0);
      if (i0 >= 0 && i0 < inN) w.push(1 - f);
      if (i0 + 1 >= 0 && i0 + 1 < inN) w.push(f);
    }
    start[o] = first;
    count[o] = w.length;
    weights.push(Float32Array.from(w));
  }
  return { start, count, weights };
}

/**
 * Resample `src` (w×h) to `outW×outH` so that source coordinate x maps to
 * `s·x + tx` (pixel edges at integers); pixels that fall outside are zero.
 */
export function resample(
  src: Float32Array,
  w: number,
  h: number,
  outW: number,
  outH: number,
  s: number,
  tx: number,
  ty: number,
): Float32Array {
  const tX = taps(w, outW, s, tx);
  const tY = taps(h, outH, s, ty);
  // Rows first (h × outW), then columns.
  const mid = new Float32Array(h * outW);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let o = 0; o < outW; o++) {
      const ws = tX.weights[o]!;
      const st = tX.start[o]!;
      let acc = 0;
      for (let k = 0; k < ws.length; k++) acc += ws[k]! * src[row + st + k]!;
      mid[y * outW + o] = acc;
    }
  }
  const out = new Float32Array(outW * outH);
  for (let o = 0; o < outH; o++) {
    const ws = tY.weights[o]!;
    const st = tY.start[o]!;
    for (let k = 0; k < ws.length; k++) {
      const wk = ws[k]!;
      const row = (st + k) * outW;
      for (let x = 0; x < outW; x++) out[o * outW + x]! += wk * mid[row + x]!;
    }
  }
  return out;
}
