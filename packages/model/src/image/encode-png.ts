// Encoding 8-bit greyscale PNGs: how evaluation and tests turn MNIST samples
// into the uploads the service sees.
import { PNG } from "pngjs";

/** A greyscale PNG of `pixels` (0..255, row-major, one byte per pixel). */
export function encodeGreyPng(pixels: Uint8Array, width: number, height: number): Uint8Array {
  if (pixels.length !== width * height) throw new RangeError(`expected ${width * height} pixels, got ${pixels.length}`);
  const png = new PNG({ width, height, colorType: 0, inputColorType: 0, inputHasAlpha: false });
  png.data = Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength);
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false });
}
