import { encode, decode } from "fast-png";
import sharp from "sharp";
import { createRequire } from "node:module";
import { decodeToModelImage } from "./src/index.js";
import { mnistNormalise } from "./src/image/mnist-normalise.js";
const mnist = createRequire(import.meta.url)("mnist");
const pngs: Uint8Array[] = [];
for (let d = 0; d < 10; d++) for (let i = 0; i < 100; i++) {
  const u8 = Uint8Array.from(mnist[d].get(i) as number[], (v) => Math.round(v * 255));
  pngs.push(encode({ width: 28, height: 28, data: u8, channels: 1, depth: 8 }));
}
async function time(name: string, f: (b: Uint8Array) => unknown) {
  for (const p of pngs.slice(0, 200)) await f(p);
  const t0 = performance.now();
  for (let r = 0; r < 3; r++) for (const p of pngs) await f(p);
  console.log(name, ((performance.now() - t0) / (3 * pngs.length)).toFixed(4), "ms");
}
const g = new Float32Array(784).map((_, i) => (i % 29 === 0 ? 255 : 0));
await time("fast-png decode", (b) => decode(b, { checkCrc: true }));
await time("fast-png decode nocrc", (b) => decode(b));
await time("normalise", () => mnistNormalise(g, 28, 28, 28, 28));
await time("full", (b) => decodeToModelImage(b, { height: 28, width: 28 }));
await time("sharp raw", (b) => sharp(b).raw().toBuffer());
console.log(pngs[0]!.length);
