// Test-only (excluded from the build): a model stand-in with the Predictor
// shape, so queue behaviour can be tested fast and without model files.
// An image is "good" when it starts with 0x89 (like a PNG); its digit is its
// last byte mod 10 (see @repo/queue/testing's fakeImage).
import type { Predictor } from "./predictor.js";

class FakeImageError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/** A fake model whose forward pass takes `predictDelayMs` per batch and records batch sizes. */
export function createFakePredictor(opts: { predictDelayMs?: number; failFirstPredicts?: number } = {}): Predictor & { batches: number[] } {
  const batches: number[] = [];
  let failures = opts.failFirstPredicts ?? 0;
  return {
    batches,
    info: {
      name: "fake",
      format: "keras3",
      backend: "cpu",
      inputShape: [28, 28, 1],
      kerasVersion: null,
      convention: { scale: "0..1", polarity: "light-on-dark", source: "detected", referenceAccuracy: 1 },
    },
    async decode(bytes) {
      if (bytes.length === 0) throw new FakeImageError("EMPTY_IMAGE", "the file is empty");
      if (bytes[0] !== 0x89) throw new FakeImageError("CORRUPT_IMAGE", "not an image");
      return Float32Array.of(bytes[bytes.length - 1]! % 10);
    },
    async predict(images) {
      batches.push(images.length);
      if (failures > 0) {
        failures--;
        throw new Error("transient inference fault");
      }
      if (opts.predictDelayMs) await new Promise((r) => setTimeout(r, opts.predictDelayMs));
      return images.map((img) => {
        const p = new Float32Array(10);
        p[img[0]!] = 1;
        return p;
      });
    },
    dispose() {},
  };
}
