// The `mnist` package's 10,000 digits, split once by a seeded shuffle into a
// training set and a held-out set that training never sees (it only picks the
// epoch to keep by held-out loss).
import { createRequire } from "node:module";
import { createRng, shuffled } from "./random.js";

const mnist = createRequire(import.meta.url)("mnist") as { get(i: number): number[]; length: number }[];

/** One MNIST digit: 28×28 row-major, 0..1, light ink on dark. */
export interface DigitSample {
  pixels: Float32Array;
  label: number;
  /** Position in the package's order (digit 0's samples first), to trace a sample back. */
  index: number;
}

/** The two halves of {@link splitMnist}. */
export interface MnistSplit {
  train: DigitSample[];
  heldOut: DigitSample[];
}

/** Every sample of the `mnist` package, in package order. */
export function loadMnistSamples(): DigitSample[] {
  const all: DigitSample[] = [];
  for (let d = 0; d < 10; d++) {
    for (let i = 0; i < mnist[d]!.length; i++) all.push({ pixels: Float32Array.from(mnist[d]!.get(i)), label: d, index: all.length });
  }
  return all;
}

/** Options for {@link splitMnist}. */
export interface SplitOptions {
  /** @defaultValue 1234 */
  seed?: number;
  /** Samples held out. @defaultValue 2000 */
  heldOut?: number;
}

/** Seed of the shipped split (the held-out set every figure in model/README.md refers to). */
export const SPLIT_SEED = 1234;

/** A fixed, seeded split: the same seed always gives the same held-out samples. */
export function splitMnist(opts: SplitOptions = {}, samples: DigitSample[] = loadMnistSamples()): MnistSplit {
  const heldOut = opts.heldOut ?? 2000;
  if (!Number.isInteger(heldOut) || heldOut < 1 || heldOut >= samples.length) {
    throw new RangeError(`heldOut must be an integer in 1..${samples.length - 1}, got ${heldOut}`);
  }
  const order = shuffled(samples, createRng(opts.seed ?? SPLIT_SEED));
  return { heldOut: order.slice(0, heldOut), train: order.slice(heldOut) };
}
