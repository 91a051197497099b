import assert from "node:assert/strict";
import { describe, it } from "node:test";
import sharp from "sharp";
import { sniffImage } from "./sniff-image.js";
import { pngBomb } from "./test-images.js";

const picture = () => sharp({ create: { width: 123, height: 45, channels: 3, background: "#808080" } });

describe("sniffImage", () => {
  it("reads the type and size of PNG, JPEG, GIF and WebP (lossy and lossless) headers", async () => {
    const cases = [
      ["png", "image/png", await picture().png().toBuffer()],
      ["jpeg", "image/jpeg", await picture().jpeg().toBuffer()],
      ["jpeg", "image/jpeg", await picture().jpeg({ progressive: true }).withMetadata({ orientation: 3 }).toBuffer()],
      ["gif", "image/gif", await picture().gif().toBuffer()],
      ["webp", "image/webp", await picture().webp({ quality: 80 }).toBuffer()],
      ["webp", "image/webp", await picture().webp({ lossless: true }).toBuffer()],
    ] as const;
    for (const [type, mime, bytes] of cases) {
      assert.deepEqual(sniffImage(bytes), { type, mime, width: 123, height: 45 }, type);
    }
  });

  it("reads the canvas size of an extended WebP (VP8X, with alpha)", async () => {
    const bytes = await sharp({ create: { width: 300, height: 7, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0.5 } } })
      .webp()
      .toBuffer();
    assert.deepEqual(sniffImage(bytes), { type: "webp", mime: "image/webp", width: 300, height: 7 });
  });

  it("recognises TIFF without claiming a size", async () => {
    assert.deepEqual(sniffImage(await picture().tiff().toBuffer()), { type: "tiff", mime: "image/tiff" });
  });

  it("reports the size a PNG header claims, however large, without decoding", () => {
    assert.deepEqual(sniffImage(pngBomb(20000, 20000)), { type: "png", mime: "image/png", width: 20000, height: 20000 });
  });

  it("returns null for anything else", () => {
    assert.equal(sniffImage(new Uint8Array(0)), null);
    assert.equal(sniffImage(new TextEncoder().encode("<svg xmlns='http://www.w3.org/2000/svg'/>")), null);
    assert.equal(sniffImage(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])), null);
  });

  it("gives no size for a truncated header", () => {
    assert.deepEqual(sniffImage(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0])), {
      type: "png",
      mime: "image/png",
    });
  });
});
