// Photo-style test digits made in code from MNIST samples: dark ink on
// tinted, unevenly lit, noisy paper; the digit drawn large, off-centre and
// rotated; saved as JPEG and as PNG. They stand in for phone photos of
// handwriting, and are made only from held-out samples, never for training.
import sharp from "sharp";
import type { LabelledImage } from "./image-path-accuracy.js";
import type { DigitSample } from "./mnist-split.js";
import { createRng, type Rng } from "./random.js";

/** Options for {@link renderPhotoDigit} / {@link makePhotoDigits}. */
export interface PhotoOptions {
  /** Largest rotation, degrees. @defaultValue 10 */
  maxRotateDeg?: number;
  /** Canvas side range in pixels. @defaultValue [160, 320] */
  size?: [number, number];
  /** Std-dev of the paper noise (0..255). @defaultValue 7 */
  noise?: number;
  /** JPEG quality range. @defaultValue [70, 92] */
  jpegQuality?: [number, number];
}

/** A rendered photo before encoding: RGB, row-major. */
export interface PhotoRaster {
  rgb: Uint8Array;
  width: number;
  height: number;
}

const PAPERS: [number, number, number][] = [
  [238, 232, 214], // cream
  [225, 228, 232], // cool grey
  [242, 236, 200], // yellow note
  [214, 226, 238], // blue-tinted
  [236, 224, 226], // pink-tinted
];
const INKS: [number, number, number][] = [
  [25, 28, 60], // blue-black ballpoint
  [30, 30, 30], // black marker
  [70, 70, 78], // pencil
];

function sampleAt(pixels: Float32Array, x: number, y: number): number {
  const fx = x - 0.5, fy = y - 0.5;
  const x0 = Math.floor(fx), y0 = Math.floor(fy);
  const ax = fx - x0, ay = fy - y0;
  const at = (xx: number, yy: number): number => (xx < 0 || yy < 0 || xx >= 28 || yy >= 28 ? 0 : pixels[yy * 28 + xx]!);
  return (1 - ay) * ((1 - ax) * at(x0, y0) + ax * at(x0 + 1, y0)) + ay * ((1 - ax) * at(x0, y0 + 1) + ax * at(x0 + 1, y0 + 1));
}

/** Draws one MNIST sample as a photo of dark ink on paper. */
export function renderPhotoDigit(sample: DigitSample, rng: Rng, opts: PhotoOptions = {}): PhotoRaster {
  const [smin, smax] = opts.size ?? [160, 320];
  const width = Math.round(rng.uniform(smin, smax));
  const height = Math.round(width * rng.uniform(0.8, 1.25));
  const paper = PAPERS[rng.int(PAPERS.length)]!.map((c) => c + rng.uniform(-12, 12));
  const ink = INKS[rng.int(INKS.length)]!;
  const noise = opts.noise ?? 7;
  // The 28×28 sample's 20-pixel digit box becomes 45–70 % of the short side.
  const scale = (Math.min(width, height) * rng.uniform(0.45, 0.7)) / 20;
  const rot = (rng.uniform(-1, 1) * (opts.maxRotateDeg ?? 10) * Math.PI) / 180;
  // Off-centre, but the 28×28 box (rotated) stays inside the picture.
  const half = 14 * scale * (Math.abs(Math.cos(rot)) + Math.abs(Math.sin(rot)));
  const cx = width / 2 + rng.uniform(-1, 1) * Math.max(0, width / 2 - half);
  const cy = height / 2 + rng.uniform(-1, 1) * Math.max(0, height / 2 - half);
  // Uneven light: a linear gradient across the sheet.
  const gx = rng.uniform(-0.12, 0.12), gy = rng.uniform(-0.12, 0.12);
  const cos = Math.cos(rot), sin = Math.sin(rot);
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dx = x + 0.5 - cx, dy = y + 0.5 - cy;
      // Inverse rotation back into the sample's frame.
      const u = (cos * dx + sin * dy) / scale + 14;
      const v = (-sin * dx + cos * dy) / scale + 14;
      const raw = u < -1 || v < -1 || u > 29 || v > 29 ? 0 : sampleAt(sample.pixels, u, v);
      // Sharpen the upscaled strokes into pen-like edges.
      const t = Math.min(1, Math.max(0, (raw - 0.15) / 0.55));
      const a = t * t * (3 - 2 * t);
      const light = 1 + gx * (x / width - 0.5) * 2 + gy * (y / height - 0.5) * 2;
      const grain = rng.normal() * noise;
      for (let c = 0; c < 3; c++) {
        const value = (paper[c]! * light) * (1 - a) + ink[c]! * a + grain;
        rgb[(y * width + x) * 3 + c] = value < 0 ? 0 : value > 255 ? 255 : Math.round(value);
      }
    }
  }
  return { rgb, width, height };
}

/** Encodes a raster as JPEG (quality drawn from the range) and PNG. */
export async function encodePhoto(r: PhotoRaster, quality: number): Promise<{ jpeg: Uint8Array; png: Uint8Array }> {
  const img = (): ReturnType<typeof sharp> => sharp(Buffer.from(r.rgb.buffer, r.rgb.byteOffset, r.rgb.byteLength), { raw: { width: r.width, height: r.height, channels: 3 } });
  const [jpeg, png] = await Promise.all([img().jpeg({ quality }).toBuffer(), img().png().toBuffer()]);
  return { jpeg: new Uint8Array(jpeg), png: new Uint8Array(png) };
}

/** Photo-style JPEG and PNG files of `samples` (two per sample), reproducible from `seed`. */
export async function makePhotoDigits(samples: readonly DigitSample[], seed = 7, opts: PhotoOptions = {}): Promise<LabelledImage[]> {
  const rng = createRng(seed);
  const [qmin, qmax] = opts.jpegQuality ?? [70, 92];
  const out: LabelledImage[] = [];
  for (const s of samples) {
    const raster = renderPhotoDigit(s, rng, opts);
    const { jpeg, png } = await encodePhoto(raster, Math.round(rng.uniform(qmin, qmax)));
    out.push({ bytes: jpeg, label: s.label, kind: "jpeg" }, { bytes: png, label: s.label, kind: "png" });
  }
  return out;
}
