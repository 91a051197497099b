// Forward-pass throughput of the two fixture models (or --models) per backend and batch
// size, and the overhead of DigitModel.predict over calling tfjs directly.
// Direct and wrapped calls alternate in short blocks, so load from other
// processes on a shared machine hits both alike; each block is timed in wall
// time and in this process's CPU time (less disturbed by other processes),
// and the overhead is the median of the per-round CPU-time ratios.
//   node --conditions=development --import tsx packages/model/src/bench/forward-pass.ts [--rounds N] [--seconds S] [--models a.keras,b.keras] [--backends wasm,cpu] [--batches 1,8,32,128]
import { basename } from "node:path";
import { parseArgs } from "node:util";
import * as tf from "@tensorflow/tfjs";
import { silentLogger } from "@repo/logger";
import { selectBackend } from "../backend/select-backend.js";
import { toInputTensor } from "../convention/convention.js";
import { inputLayout } from "../convention/input-layout.js";
import { mnistSamples } from "../engine/evaluate-mnist.js";
import { loadDigitModel } from "../engine/load-digit-model.js";
import type { BackendName } from "../types.js";

const { values } = parseArgs({
  options: {
    fixtures: { type: "string", default: new URL("../../../../../shared/fixtures/keras/", import.meta.url).pathname },
    /** Comma-separated model paths instead of the two fixtures. */
    models: { type: "string" },
    rounds: { type: "string", default: "9" },
    seconds: { type: "string", default: "0.25" },
    backends: { type: "string", default: "wasm,cpu" },
    batches: { type: "string", default: "1,8,32,128" },
  },
});
const rounds = Number(values.rounds);
const blockSeconds = Number(values.seconds);
const files = values.models?.split(",") ?? ["seed-mlp-legacy-h5.keras", "cnn-rescaling-keras3.keras"].map((f) => values.fixtures + f);
const samples = mnistSamples(128).map((s) => s.pixels);

interface Row {
  model: string;
  backend: BackendName;
  batch: number;
  /** Images per wall-clock second, direct tfjs calls. */
  directImagesPerSecond: number;
  /** Images per CPU second of this process, direct tfjs calls. */
  directImagesPerCpuSecond: number;
  wrappedImagesPerSecond: number;
  wrappedImagesPerCpuSecond: number;
  /** Median over rounds of (direct rate / wrapped rate − 1), CPU time. */
  overheadPercent: number;
  /**
   * The wrapper's own extra work (packing images into the input tensor,
   * instead of making one from ready data), timed alone, as a share of a
   * direct call: a low-noise upper bound of what the wrapper adds.
   */
  packPercent: number;
}

interface Block {
  calls: number;
  seconds: number;
  cpuSeconds: number;
}

async function timeBlock(fn: () => Promise<void>, minSeconds: number): Promise<Block> {
  let calls = 0;
  const start = performance.now();
  const cpu = process.cpuUsage();
  do {
    await fn();
    calls++;
  } while ((performance.now() - start) / 1000 < minSeconds);
  const used = process.cpuUsage(cpu);
  return { calls, seconds: (performance.now() - start) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const rows: Row[] = [];
for (const file of files) {
  await selectBackend("wasm", silentLogger);
  const digit = await loadDigitModel({ path: file, backend: "wasm", logger: silentLogger });
  const layout = inputLayout(digit.layersModel.inputs[0]!.shape.slice(1), file);
  for (const backend of values.backends.split(",") as BackendName[]) {
    await selectBackend(backend, silentLogger);
    for (const batch of values.batches.split(",").map(Number)) {
      const images = samples.slice(0, batch);
      // The direct baseline gets its input already packed in the model's
      // layout and scale: only tensor creation, predict and read-back remain.
      const packed = toInputTensor(images, layout, digit.info.convention);
      const data = packed.dataSync().slice() as Float32Array;
      packed.dispose();
      const direct = async () => {
        const x = tf.tensor(data, [batch, ...layout.shape]);
        const y = digit.layersModel.predict(x) as tf.Tensor;
        await y.data();
        x.dispose();
        y.dispose();
      };
      const wrapped = async () => {
        await digit.predict(images);
      };
      await direct();
      const t0 = performance.now();
      await wrapped();
      // Seconds-long calls (the CNN on cpu at batch 128) get fewer rounds.
      const roundsHere = performance.now() - t0 > 1000 ? 3 : rounds;
      const d: Block = { calls: 0, seconds: 0, cpuSeconds: 0 };
      const w: Block = { calls: 0, seconds: 0, cpuSeconds: 0 };
      const ratios: number[] = [];
      for (let r = 0; r < roundsHere; r++) {
        // Alternate which goes first, so neither always follows a GC of the other.
        let a: Block, b: Block;
        if (r % 2 === 0) {
          a = await timeBlock(direct, blockSeconds);
          b = await timeBlock(wrapped, blockSeconds);
        } else {
          b = await timeBlock(wrapped, blockSeconds);
          a = await timeBlock(direct, blockSeconds);
        }
        for (const [acc, blk] of [[d, a], [w, b]] as const) {
          acc.calls += blk.calls;
          acc.seconds += blk.seconds;
          acc.cpuSeconds += blk.cpuSeconds;
        }
        ratios.push(a.calls / a.cpuSeconds / (b.calls / b.cpuSeconds));
      }
      // The wrapper's own work, timed in isolation against its direct equivalent.
      const pack = async () => toInputTensor(images, layout, digit.info.convention).dispose();
      const ready = async () => tf.tensor(data, [batch, ...layout.shape]).dispose();
      const packRatios: number[] = [];
      for (let r = 0; r < 5; r++) {
        const p = await timeBlock(pack, 0.05);
        const q = await timeBlock(ready, 0.05);
        packRatios.push((p.seconds / p.calls - q.seconds / q.calls) / (d.seconds / d.calls));
      }
      const row: Row = {
        model: basename(file),
        backend,
        batch,
        directImagesPerSecond: Math.round((d.calls * batch) / d.seconds),
        directImagesPerCpuSecond: Math.round((d.calls * batch) / d.cpuSeconds),
        wrappedImagesPerSecond: Math.round((w.calls * batch) / w.seconds),
        wrappedImagesPerCpuSecond: Math.round((w.calls * batch) / w.cpuSeconds),
        overheadPercent: Number(((median(ratios) - 1) * 100).toFixed(1)),
        packPercent: Number((Math.max(0, median(packRatios)) * 100).toFixed(2)),
      };
      rows.push(row);
      process.stderr.write(`${JSON.stringify(row)}\n`);
    }
  }
  digit.dispose();
}

const out = [
  "| model | backend | batch | tfjs direct: images/s (per CPU-s) | DigitModel.predict: images/s (per CPU-s) | overhead, end to end (CPU) | overhead, wrapper work alone |",
  "|---|---|---:|---:|---:|---:|---:|",
  ...rows.map(
    (r) =>
      `| ${r.model} | ${r.backend} | ${r.batch} | ${r.directImagesPerSecond} (${r.directImagesPerCpuSecond}) | ` +
      `${r.wrappedImagesPerSecond} (${r.wrappedImagesPerCpuSecond}) | ${r.overheadPercent} % | ${r.packPercent} % |`,
  ),
];
process.stdout.write(`${out.join("\n")}\n${JSON.stringify({ rows })}\n`);
