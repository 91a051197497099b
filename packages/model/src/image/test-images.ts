// Test helper: real image files made on the fly (MNIST samples as PNG,
// photo-like digits on noisy paper, bombs with a valid header).
import { createRequire } from "node:module";
import { crc32 } from "node:zlib";
import sharp from "sharp";
import { encodeGreyPng } from "./encode-png.js";

const mnist = createRequire(import.meta.url)("mnist") as { get(i: number): number[]; length: number }[];

/** MNIST sample `index` of class `digit` as 28×28 uint8 (light ink on dark). */
export function mnistSample(digit: number, index: number): Uint8Array {
  return Uint8Array.from(mnist[digit]!.get(index), (v) => Math.round(v * 255));
}

/** A 1-channel 8-bit PNG of a 28×28 sample, as the eval command and MNIST-style uploads send it. */
export function samplePng(pixels: Uint8Array, width = 28, height = 28): Uint8Array {
  return encodeGreyPng(pixels, width, height);
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "ascii");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** A PNG whose valid IHDR claims `width × height` pixels, followed by a few junk bytes (a cheap "bomb"). */
export function pngBomb(width: number, height: number): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from("\x89PNG\r\n\x1a\n", "latin1"),
    chunk("IHDR", ihdr),
    chunk("IDAT", Uint8Array.from([0x78, 0x9c, 0x03, 0x00])),
    chunk("IEND", new Uint8Array(0)),
  ]);
}

/** Deterministic pseudo-random numbers, so test images are the same every run. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * A photo-like picture of an MNIST digit: dark ink on light, noisy, unevenly
 * lit paper, large and off-centre, saved as JPEG.
 */
export async function photoOfSample(pixels: Uint8Array, opts: { seed?: number } = {}): Promise<Uint8Array> {
  const W = 960, H = 720, side = 320, left = 560, top = 90;
  const big = await sharp(Buffer.from(pixels), { raw: { width: 28, height: 28, channels: 1 } })
    .resize(side, side, { kernel: "cubic" })
    .extractChannel(0)
    .raw()
    .toBuffer();
  const rand = rng(opts.seed ?? 7);
  const rgb = Buffer.alloc(W * H * 3);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      // Light paper with a lighting gradient and grain.
      const noise = (rand() + rand() + rand() - 1.5) * 24;
      let paper = 200 + (30 * x) / W - (15 * y) / H + noise;
      const ix = x - left, iy = y - top;
      if (ix >= 0 && iy >= 0 && ix < side && iy < side) {
        const ink = big[iy * side + ix]! / 255;
        paper = paper * (1 - 0.75 * ink);
      }
      const v = Math.max(0, Math.min(255, paper));
      const i = (y * W + x) * 3;
      rgb[i] = v;
      rgb[i + 1] = v * 0.97;
      rgb[i + 2] = v * 0.9; // warm paper tint
    }
  }
  return sharp(rgb, { raw: { width: W, height: H, channels: 3 } }).jpeg({ quality: 85 }).toBuffer();
}

/** Dark strokes of a "7" on a transparent canvas, as the drawing page sends it. */
export async function canvasSeven(): Promise<Uint8Array> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="280" height="280">
    <path d="M 70 70 L 210 70 L 120 230" fill="none" stroke="#000" stroke-width="22"
      stroke-linecap="round" stroke-linejoin="round"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** Pearson correlation of two equal-length arrays. */
export function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ma = 0, mb = 0;
  for (let i = 0; i < a.length; i++) { ma += a[i]!; mb += b[i]!; }
  ma /= a.length; mb /= b.length;
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]! - ma, y = b[i]! - mb;
    ab += x * y; aa += x * x; bb += y * y;
  }
  return ab / Math.sqrt(aa * bb);
}
