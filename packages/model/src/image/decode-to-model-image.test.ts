import assert from "node:assert/strict";
import { describe, it } from "node:test";
import sharp from "sharp";
import { decodePngFast } from "./decode-png-fast.js";
import { decodeWithSharp } from "./decode-sharp.js";
import { decodeToModelImage } from "./decode-to-model-image.js";
import { ImageError, type ImageErrorCode } from "./image-error.js";
import {
  canvasSeven,
  correlation,
  mnistSample,
  photoOfSample,
  pngBomb,
  samplePng,
} from "./test-images.js";

const SIZE = { height: 28, width: 28 };

async function rejectsWith(bytes: Uint8Array, code: ImageErrorCode, opts: { maxPixels?: number } = {}) {
  await assert.rejects(decodeToModelImage(bytes, { ...SIZE, ...opts }), (err: unknown) => {
    assert.ok(err instanceof ImageError, `expected ImageError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    return true;
  });
}

function inkBox(img: Float32Array, w: number): { width: number; height: number } {
  let x0 = w, x1 = -1, y0 = w, y1 = -1;
  for (let i = 0; i < img.length; i++) {
    if (img[i]! <= 0.3) continue;
    const x = i % w, y = Math.floor(i / w);
    x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
  }
  return { width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

describe("decodeToModelImage", () => {
  it("gives MNIST samples sent as PNG back almost unchanged", async () => {
    let worst = 0;
    let exact = 0;
    for (let d = 0; d < 10; d++) {
      for (let i = 0; i < 20; i++) {
        const pixels = mnistSample(d, i * 7);
        const img = await decodeToModelImage(samplePng(pixels), SIZE);
        let diff = 0;
        for (let p = 0; p < 784; p++) diff = Math.max(diff, Math.abs(img[p]! - pixels[p]! / 255));
        worst = Math.max(worst, diff);
        if (diff < 1e-6) exact++;
      }
    }
    assert.ok(worst < 0.1, `largest pixel change ${worst}`);
    assert.ok(exact >= 40, `only ${exact}/200 samples came back exactly`);
  });

  it("decodes small PNGs the same in JS (pngjs) as with sharp", async () => {
    const pixels = mnistSample(4, 3);
    const rgba = Buffer.alloc(40 * 30 * 4);
    for (let y = 0; y < 30; y++) {
      for (let x = 0; x < 40; x++) {
        const v = x < 28 && y < 28 ? pixels[y * 28 + x]! : 0;
        rgba.set([v, v / 2, 255 - v, 128 + (x % 128)], (y * 40 + x) * 4);
      }
    }
    const png = await sharp(rgba, { raw: { width: 40, height: 30, channels: 4 } }).png().toBuffer();
    const fast = decodePngFast(png, 40, 30);
    assert.ok(fast, "the fast path took the PNG");
    const slow = await decodeWithSharp(png, { maxPixels: 1e6 });
    assert.equal(slow.width, 40);
    for (let i = 0; i < fast.grey.length; i++) {
      assert.ok(Math.abs(fast.grey[i]! - slow.grey[i]!) < 1, `grey ${i}`);
      assert.ok(Math.abs(fast.alpha![i]! - slow.alpha![i]!) < 1e-6, `alpha ${i}`);
    }
  });

  it("turns a photo of dark ink on light noisy paper into an MNIST-like digit", async () => {
    const pixels = mnistSample(7, 11);
    const reference = await decodeToModelImage(samplePng(pixels), SIZE);
    const photo = await photoOfSample(pixels);
    const img = await decodeToModelImage(photo, SIZE);
    const r = correlation(img, reference);
    assert.ok(r > 0.85, `correlation with the MNIST sample is ${r.toFixed(3)}`);
    const box = inkBox(img, 28);
    assert.ok(Math.max(box.width, box.height) >= 18 && Math.max(box.width, box.height) <= 22, JSON.stringify(box));
  });

  it("puts canvas strokes drawn on transparent pixels onto a ground that shows them", async () => {
    const img = await decodeToModelImage(await canvasSeven(), SIZE);
    const box = inkBox(img, 28);
    assert.ok(box.width >= 10 && box.height >= 18, JSON.stringify(box));
    // Light ink on dark: the corners are background.
    assert.equal(img[0], 0);
    assert.equal(img[783], 0);
  });

  it("applies EXIF orientation", async () => {
    // A wide bar, stored with orientation 6 (rotate 90°): it must come out tall.
    const raw = Buffer.alloc(120 * 60, 255);
    for (let y = 25; y < 35; y++) for (let x = 10; x < 110; x++) raw[y * 120 + x] = 0;
    const jpeg = await sharp(raw, { raw: { width: 120, height: 60, channels: 1 } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const box = inkBox(await decodeToModelImage(jpeg, SIZE), 28);
    assert.ok(box.height > 3 * box.width, JSON.stringify(box));
  });

  it("reads WebP, GIF and TIFF", async () => {
    const pixels = mnistSample(3, 5);
    const base = sharp(Buffer.from(pixels), { raw: { width: 28, height: 28, channels: 1 } });
    const reference = await decodeToModelImage(samplePng(pixels), SIZE);
    for (const format of ["webp", "gif", "tiff"] as const) {
      const bytes = await base.clone().toFormat(format, format === "webp" ? { lossless: true } : {}).toBuffer();
      const img = await decodeToModelImage(bytes, SIZE);
      assert.ok(correlation(img, reference) > 0.95, format);
    }
  });

  it("in resize mode scales the whole picture to the model size and keeps its polarity", async () => {
    const raw = Buffer.alloc(56 * 56, 200);
    const png = await sharp(raw, { raw: { width: 56, height: 56, channels: 1 } }).png().toBuffer();
    const img = await decodeToModelImage(png, { ...SIZE, mode: "resize" });
    assert.equal(img.length, 784);
    for (const v of img) assert.ok(Math.abs(v - 200 / 255) < 0.01);
  });

  it("refuses an empty file with EMPTY_IMAGE", () => rejectsWith(new Uint8Array(0), "EMPTY_IMAGE"));

  it("refuses text with UNSUPPORTED_FORMAT", () =>
    rejectsWith(new TextEncoder().encode("hello, this is not an image\n"), "UNSUPPORTED_FORMAT"));

  it("refuses a truncated PNG with CORRUPT_IMAGE", async () => {
    const photo = await sharp(await photoOfSample(mnistSample(2, 1))).png().toBuffer();
    await rejectsWith(photo.subarray(0, Math.floor(photo.length / 2)), "CORRUPT_IMAGE");
  });

  it("refuses a PNG signature followed by garbage with CORRUPT_IMAGE", async () => {
    const junk = Buffer.alloc(200, 0x5a);
    await rejectsWith(Buffer.concat([Buffer.from("\x89PNG\r\n\x1a\n", "latin1"), junk]), "CORRUPT_IMAGE");
  });

  it("refuses a 20000×20000 PNG from its header with IMAGE_TOO_LARGE", () =>
    rejectsWith(pngBomb(20000, 20000), "IMAGE_TOO_LARGE"));

  it("lets sharp refuse an over-limit image whose header was not read (TIFF)", async () => {
    const tiff = await sharp(Buffer.alloc(200 * 200, 9), { raw: { width: 200, height: 200, channels: 1 } })
      .tiff()
      .toBuffer();
    await rejectsWith(tiff, "IMAGE_TOO_LARGE", { maxPixels: 10_000 });
  });

  it("refuses an all-white image with BLANK_IMAGE", async () => {
    const white = await sharp({ create: { width: 300, height: 200, channels: 3, background: "#fff" } }).png().toBuffer();
    await rejectsWith(white, "BLANK_IMAGE");
  });

  it("refuses a fully transparent canvas with BLANK_IMAGE", async () => {
    const clear = await sharp({ create: { width: 64, height: 64, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .png()
      .toBuffer();
    await rejectsWith(clear, "BLANK_IMAGE");
  });
});
