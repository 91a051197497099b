// Cost of turning an upload into a model image, per path: the pure-JS PNG
// path against sharp on the same small PNGs, and sharp on photos (JPEG
// shrink-on-load). Paths alternate per round on the same inputs.
//   node --conditions=development --import tsx packages/model/src/bench/decode.ts [--rounds N]
import { parseArgs } from "node:util";
import sharp from "sharp";
import { mnistSamplePng, mnistSamples } from "../engine/evaluate-mnist.js";
import { decodePngFast } from "../image/decode-png-fast.js";
import { decodeWithSharp } from "../image/decode-sharp.js";
import { decodeToModelImage } from "../image/decode-to-model-image.js";
import { flattenAlpha } from "../image/flatten-alpha.js";
import { mnistNormalise } from "../image/mnist-normalise.js";
import { canvasSeven, mnistSample, photoOfSample } from "../image/test-images.js";

const { values } = parseArgs({ options: { rounds: { type: "string", default: "7" } } });
const rounds = Number(values.rounds);
sharp.concurrency(1);
sharp.cache(false);

const mnistPngs = mnistSamples(200).map((s) => mnistSamplePng(s.pixels));
const canvas = await canvasSeven();
const canvasSmall = await sharp(canvas).resize(140, 140).png().toBuffer();
const photo = await photoOfSample(mnistSample(3, 9));
const bigPhoto = await sharp(photo).resize(4000, 3000).jpeg({ quality: 90 }).toBuffer();

type Path = (b: Uint8Array, w: number, h: number) => Promise<unknown>;
const viaFast: Path = async (b, w, h) => {
  const plane = decodePngFast(b, w, h, { maxBytes: Infinity, maxPixels: Infinity });
  if (!plane) throw new Error("fast path refused the image");
  return mnistNormalise(flattenAlpha(plane), plane.width, plane.height, 28, 28);
};
const viaSharp: Path = async (b) => {
  const plane = await decodeWithSharp(b, { maxPixels: 25e6, fit: { width: 140, height: 140, mode: "inside" } });
  return mnistNormalise(flattenAlpha(plane), plane.width, plane.height, 28, 28);
};
const viaDefault: Path = (b) => decodeToModelImage(b, { height: 28, width: 28 });

const cases: { name: string; inputs: Uint8Array[]; w: number; h: number; paths: Record<string, Path> }[] = [
  { name: "MNIST sample PNG 28×28 (~300 B)", inputs: mnistPngs, w: 28, h: 28, paths: { "pngjs (fast path)": viaFast, sharp: viaSharp, decodeToModelImage: viaDefault } },
  { name: `canvas PNG 140×140 RGBA (${canvasSmall.length} B)`, inputs: [canvasSmall], w: 140, h: 140, paths: { "pngjs (fast path)": viaFast, sharp: viaSharp, decodeToModelImage: viaDefault } },
  { name: `canvas PNG 280×280 RGBA (${canvas.length} B)`, inputs: [canvas], w: 280, h: 280, paths: { "pngjs (fast path)": viaFast, sharp: viaSharp, decodeToModelImage: viaDefault } },
  { name: `photo JPEG 960×720 (${(photo.length / 1024).toFixed(0)} KiB)`, inputs: [photo], w: 960, h: 720, paths: { decodeToModelImage: viaDefault } },
  { name: `photo JPEG 4000×3000 (${(bigPhoto.length / 1024).toFixed(0)} KiB)`, inputs: [bigPhoto], w: 4000, h: 3000, paths: { decodeToModelImage: viaDefault } },
];

const lines = ["| input | path | ms per image (wall) | ms per image (CPU) |", "|---|---|---:|---:|"];
const results: Record<string, unknown>[] = [];
for (const c of cases) {
  const totals: Record<string, { n: number; wall: number; cpu: number }> = {};
  for (const [name, path] of Object.entries(c.paths)) {
    for (const b of c.inputs.slice(0, 20)) await path(b, c.w, c.h); // warm-up
    totals[name] = { n: 0, wall: 0, cpu: 0 };
  }
  const reps = c.inputs.length === 1 ? 20 : 1;
  for (let r = 0; r < rounds; r++) {
    for (const [name, path] of Object.entries(c.paths)) {
      const t = performance.now();
      const cpu = process.cpuUsage();
      for (let k = 0; k < reps; k++) for (const b of c.inputs) await path(b, c.w, c.h);
      const used = process.cpuUsage(cpu);
      const acc = totals[name]!;
      acc.n += reps * c.inputs.length;
      acc.wall += performance.now() - t;
      acc.cpu += (used.user + used.system) / 1000;
    }
  }
  for (const [name, t] of Object.entries(totals)) {
    const row = { input: c.name, path: name, msWall: t.wall / t.n, msCpu: t.cpu / t.n };
    results.push(row);
    lines.push(`| ${c.name} | ${name} | ${row.msWall.toFixed(3)} | ${row.msCpu.toFixed(3)} |`);
    process.stderr.write(`${JSON.stringify(row)}\n`);
  }
}
process.stdout.write(`${lines.join("\n")}\n${JSON.stringify({ results })}\n`);
