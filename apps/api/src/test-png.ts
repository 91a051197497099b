// Tiny PNG encoder for tests (grey, 8-bit or 1-bit), so API tests need
// neither sharp nor real files, and can build a pixel bomb cheaply.
import { deflateSync } from "node:zlib";

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "ascii");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A valid grey PNG; `pixel(x, y)` gives 0..255 (bitDepth 8) or 0/1 (bitDepth 1). */
export function encodeGreyPng(
  width: number,
  height: number,
  pixel: (x: number, y: number) => number,
  bitDepth: 1 | 8 = 8,
): Buffer {
  const rowBytes = bitDepth === 8 ? width : Math.ceil(width / 8);
  const raw = Buffer.alloc((rowBytes + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (rowBytes + 1) + 1;
    for (let x = 0; x < width; x++) {
      const v = pixel(x, y);
      if (bitDepth === 8) raw[row + x] = v;
      else if (v) raw[row + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = bitDepth;
  ihdr[9] = 0; // greyscale
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", new Uint8Array(0)),
  ]);
}

/** A 28×28 white-on-black stroke: a stand-in digit. */
export function digitPng(): Buffer {
  return encodeGreyPng(28, 28, (x, y) => (x >= 12 && x <= 15 && y >= 4 && y <= 23 ? 255 : 0));
}

/**
 * A real decompression bomb: a valid 1-bit PNG of `side`×`side` black pixels.
 * 20,000² = 400 Mpixel, ~50 MB inflated, a few tens of KB on the wire.
 */
export function pngBomb(side = 20_000): Buffer {
  const rowBytes = Math.ceil(side / 8) + 1;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 1;
  ihdr[9] = 0;
  const raw = Buffer.alloc(rowBytes * side); // all zeros: filter 0, black
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", new Uint8Array(0)),
  ]);
}

/** The standard inputs of the bad-input table, built once per test file. */
export function badInputs() {
  const png = digitPng();
  return {
    empty: new Uint8Array(0),
    text: Buffer.from("hello, this is not an image\n"),
    truncatedPng: png.subarray(0, Math.floor(png.length / 2)),
    pngHeaderGarbage: Buffer.concat([PNG_SIGNATURE, Buffer.from("garbage, not chunks; ".repeat(20))]),
  };
}
