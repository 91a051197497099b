// npm run train -- [--epochs N] [--out PATH] [--seed N] [--limit N] [--batch N] [--patience N] [--lr X] [--decay X] [--average-from N] [--dropout X] [--augment full|light|none] [--filters A,B,C] [--dense N] [--batch-norm] [--init PATH] [--backend auto|tensorflow|wasm|cpu]
// Trains the default digit CNN on the `mnist` package (seeded 8,000 / 2,000
// split), writes it as a Keras 3 `.keras` file, reads the file back with the
// project's loader to check it predicts identically, and measures held-out
// accuracy through the upload image path. Progress and logs go to stderr; the
// last line of stdout is a JSON summary.
import { mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { createLogger } from "@repo/logger";
import { loadDigitModel, readKerasModel, saveKeras3 } from "@repo/model";
import {
  LIGHT_AUGMENT,
  accuracyOnImages,
  samplesAsPngs,
  samplesToTensor,
  selectTrainingBackend,
  splitMnist,
  trainDigitModel,
  type AugmentOptions,
} from "@repo/training";
import { Cli } from "./cli.js";
import { loadCliEnv } from "./env.js";
import { trainReporter } from "./train-progress.js";

const USAGE =
  "usage: npm run train -- [--epochs N] [--out PATH] [--seed N] [--limit N] [--batch N] [--patience N] [--lr X] [--decay X] [--average-from N] [--dropout X] [--augment full|light|none] [--filters A,B,C] [--dense N] [--batch-norm] [--init PATH] [--backend auto|tensorflow|wasm|cpu]";

const cli: Cli = new Cli("train", USAGE);

async function main(): Promise<void> {
  const env = loadCliEnv();
  const values = cli.parse({
    epochs: { type: "string" },
    out: { type: "string" },
    seed: { type: "string" },
    limit: { type: "string" },
    batch: { type: "string" },
    patience: { type: "string" },
    backend: { type: "string" },
    lr: { type: "string" },
    decay: { type: "string" },
    "average-from": { type: "string" },
    dropout: { type: "string" },
    augment: { type: "string" },
    init: { type: "string" },
    filters: { type: "string" },
    dense: { type: "string" },
    "batch-norm": { type: "boolean" },
  });
  const epochs = cli.int("epochs", values.epochs) ?? 12;
  const seed = cli.int("seed", values.seed) ?? 1;
  const limit = cli.int("limit", values.limit);
  const batchSize = cli.int("batch", values.batch) ?? 64;
  const patience = cli.int("patience", values.patience) ?? 5;
  const backendPref = cli.backend(values.backend, "auto");
  const out = resolve(values.out ?? env.MODEL_PATH);
  const fraction = (name: string, v: string | undefined, lo: number, upToOne = false): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!(n >= lo && (upToOne ? n <= 1 : n < 1))) cli.usageError(`--${name} must be a number in [${lo}, 1${upToOne ? "]" : ")"}, got "${v}"`);
    return n;
  };
  const learningRate = fraction("lr", values.lr, Number.MIN_VALUE);
  // 1 keeps the rate flat (what weight averaging wants).
  const decay = fraction("decay", values.decay, Number.MIN_VALUE, true);
  const averageFrom = cli.int("average-from", values["average-from"], 1);
  const dropout = fraction("dropout", values.dropout, 0);
  // undefined: the trainer's default (full) augmentation.
  const AUGMENTS: Record<string, AugmentOptions | false | undefined> = { full: undefined, light: LIGHT_AUGMENT, none: false };
  const augmentName = values.augment ?? "full";
  if (!Object.hasOwn(AUGMENTS, augmentName)) cli.usageError(`--augment must be full, light or none`);
  let filters: [number, number, number] | undefined;
  if (values.filters !== undefined) {
    const f = values.filters.split(",").map((v) => cli.int("filters", v.trim(), 1, 1024)!);
    if (f.length !== 3) cli.usageError(`--filters takes three counts, e.g. 24,48,64; got "${values.filters}"`);
    filters = f as [number, number, number];
  }
  const dense = cli.int("dense", values.dense, 1, 4096);
  const architecture = { filters, dense, dropout, batchNorm: values["batch-norm"] === true };
  const augment = AUGMENTS[augmentName];

  const logger = createLogger("train", { level: env.LOG_LEVEL, destination: process.stderr });
  const backend = await selectTrainingBackend(backendPref, logger);
  const split = splitMnist();
  const train = limit ? split.train.slice(0, limit) : split.train;
  const heldOut = limit ? split.heldOut.slice(0, Math.min(split.heldOut.length, limit)) : split.heldOut;
  logger.info({ backend, train: train.length, heldOut: heldOut.length, epochs, batchSize, seed, patience, out }, "training");

  // First Ctrl-C / SIGTERM: finish the batch and write the best epoch so far; second: quit.
  const stop = new AbortController();
  const onSignal = (): void => {
    if (stop.signal.aborted) process.exit(130);
    process.stderr.write("\ntrain: stopping after this batch; the best finished epoch will be written (again to quit)\n");
    stop.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  // --init: fine-tune a previous run's model (same architecture) instead of starting fresh.
  const initial = values.init ? await readKerasModel(resolve(values.init), { logger }) : null;
  const reporter = trainReporter(process.stderr);
  const result = await trainDigitModel({
    train, heldOut, epochs, batchSize, seed, patience, learningRate, decay, averageFrom, augment, logger,
    architecture, signal: stop.signal, onProgress: (p) => reporter.update(p),
    initialWeights: initial?.model.getWeights(),
  });
  initial?.model.dispose();
  reporter.stop();

  await mkdir(dirname(out), { recursive: true });
  const bytes = await saveKeras3(result.model, out);

  // The file must give exactly what the model in memory gives.
  const reread = await readKerasModel(out, { logger });
  const x = samplesToTensor(heldOut.slice(0, 256).map((s) => s.pixels));
  const a = (result.model.predict(x) as tf.Tensor).dataSync();
  const b = (reread.model.predict(x) as tf.Tensor).dataSync();
  let maxDiff = 0;
  for (let i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a[i]! - b[i]!));
  tf.dispose(x);
  reread.model.dispose();
  if (maxDiff !== 0) cli.fail(`the written file does not reproduce the trained model (max probability difference ${maxDiff})`);

  const served = await loadDigitModel({ path: out, backend, logger });
  const images = await accuracyOnImages(served, samplesAsPngs(heldOut));
  served.dispose();

  const summary = {
    out,
    bytes,
    backend,
    trainSamples: train.length,
    heldOutSamples: heldOut.length,
    epochsRun: result.history.length,
    bestEpoch: result.bestEpoch,
    stoppedEarly: result.stoppedEarly,
    interrupted: result.interrupted,
    heldOutLoss: Number(result.heldOutLoss.toFixed(5)),
    heldOutAccuracy: result.heldOutAccuracy,
    imagePathAccuracy: images.accuracy,
    trainSeconds: Math.round(result.seconds),
    rereadMaxDiff: maxDiff,
  };
  logger.info(summary, "model written");
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

main().catch((err: unknown) => cli.fail(err instanceof Error ? (err.stack ?? err.message) : String(err)));
