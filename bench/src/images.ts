// The images the bench sends: a real MNIST sample as a 28×28 PNG, and the
// same digit as a 1000×1000 JPEG "photo": dark ink on light, slightly uneven
// paper, upscaled smoothly, with sensor-like noise.
import sharp from "sharp";
import { mnistSamplePng, mnistSamples } from "@repo/model";

/** A test image and the digit it shows. */
export interface BenchImage {
  name: string;
  filename: string;
  contentType: string;
  bytes: Uint8Array;
  label: number;
}

/** The MNIST sample used by every scenario (a 6: the 8th of the `mnist` package's first 10 samples). */
function sample(): { pixels: Float32Array; label: number } {
  return mnistSamples(10)[7]!;
}

/** The 28×28 greyscale PNG of the sample, as a user of the original service would send it. */
export function mnistPng(): BenchImage {
  const s = sample();
  return { name: "png28", filename: "digit.png", contentType: "image/png", bytes: mnistSamplePng(s.pixels), label: s.label };
}

/** A 1000×1000 JPEG photo of the sample digit: dark ink on light paper. */
export async function photoJpeg(side = 1000): Promise<BenchImage> {
  const s = sample();
  const digitSide = Math.round(side * 0.7);
  const ink = Uint8Array.from(s.pixels, (v) => Math.round(v * 255));
  // sharp writes 3 channels for a 1-channel raw input unless told otherwise.
  const { data: big, info } = await sharp(ink, { raw: { width: 28, height: 28, channels: 1 } })
    .resize(digitSide, digitSide, { kernel: "cubic" })
    .blur(1.5)
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 1 || info.width !== digitSide) throw new Error(`the upscaled digit has ${info.channels} channels, ${info.width} px wide`);
  const rgb = Buffer.alloc(side * side * 3);
  const off = Math.round((side - digitSide) / 2);
  let seed = 12345;
  const noise = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32 - 0.5) * 12;
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      // Paper: warm off-white, a little darker towards one corner (uneven light).
      const shade = 1 - 0.12 * ((x + y) / (2 * side));
      const inside = x >= off && x < off + digitSide && y >= off && y < off + digitSide;
      const a = inside ? big[(y - off) * digitSide + (x - off)]! / 255 : 0;
      const n = noise();
      const i = (y * side + x) * 3;
      rgb[i] = clamp((236 * shade) * (1 - a) + 35 * a + n);
      rgb[i + 1] = clamp((230 * shade) * (1 - a) + 35 * a + n);
      rgb[i + 2] = clamp((218 * shade) * (1 - a) + 48 * a + n);
    }
  }
  const bytes = await sharp(rgb, { raw: { width: side, height: side, channels: 3 } }).jpeg({ quality: 88 }).toBuffer();
  return { name: "jpeg1000", filename: "photo.jpg", contentType: "image/jpeg", bytes, label: s.label };
}

function clamp(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}
