// The one intermediate form every decoder produces: luminance and alpha per
// pixel, so the normalisation code sees one layout whatever the file held.

/** Luminance 0..255 and alpha 0..1 (null when the image is opaque), row-major. */
export interface GreyPlane {
  width: number;
  height: number;
  grey: Float32Array;
  alpha: Float32Array | null;
}

/**
 * Convert interleaved 8- or 16-bit samples with 1–4 channels (grey, grey+alpha,
 * RGB, RGBA) to a {@link GreyPlane}. Luminance uses the Rec. 601 weights, as
 * PIL's `convert("L")` did in the original service.
 */
export function toGreyPlane(
  data: ArrayLike<number>,
  width: number,
  height: number,
  channels: number,
  maxValue: number,
): GreyPlane {
  const n = width * height;
  const grey = new Float32Array(n);
  const k = 255 / maxValue;
  const hasAlpha = channels === 2 || channels === 4;
  let alpha: Float32Array | null = null;
  if (channels <= 2) {
    for (let i = 0; i < n; i++) grey[i] = data[i * channels]! * k;
  } else {
    for (let i = 0, j = 0; i < n; i++, j += channels) {
      grey[i] = (0.299 * data[j]! + 0.587 * data[j + 1]! + 0.114 * data[j + 2]!) * k;
    }
  }
  if (hasAlpha) {
    alpha = new Float32Array(n);
    let opaque = true;
    const a = channels - 1;
    for (let i = 0; i < n; i++) {
      const v = data[i * channels + a]! / maxValue;
      alpha[i] = v;
      if (v < 1) opaque = false;
    }
    if (opaque) alpha = null;
  }
  return { width, height, grey, alpha };
}
