// node apps/cli/dist/train-check.js [--model PATH] [--held-out N] [--photos N] [--backend auto|tensorflow|wasm|cpu]
// Measures a trained model the way model/README.md reports it: accuracy on
// the held-out samples uploaded as PNG files, and on photo-style JPEG/PNG
// digits drawn from held-out samples. Progress on stderr; the last line of
// stdout is JSON.
import { createLogger } from "@repo/logger";
import { loadDigitModel } from "@repo/model";
import { measureModel } from "@repo/training";
import { Cli } from "./cli.js";
import { loadCliEnv } from "./env.js";

const USAGE = "usage: node apps/cli/dist/train-check.js [--model PATH] [--held-out N] [--photos N] [--backend auto|tensorflow|wasm|cpu]";

const cli: Cli = new Cli("train-check", USAGE);

async function main(): Promise<void> {
  const env = loadCliEnv();
  const values = cli.parse({ model: { type: "string" }, "held-out": { type: "string" }, photos: { type: "string" }, backend: { type: "string" } });
  const path = values.model ?? env.MODEL_PATH;
  const backend = cli.backend(values.backend, env.INFERENCE_BACKEND);
  const logger = createLogger("train-check", { level: env.LOG_LEVEL, destination: process.stderr });
  const model = await loadDigitModel({ path, backend, logger });
  const started = performance.now();
  let lastPhase = "";
  const m = await measureModel(model, {
    heldOut: cli.int("held-out", values["held-out"], 1, 2000),
    photos: cli.int("photos", values.photos, 1, 2000),
    onProgress: (phase, done, total) => {
      if (phase !== lastPhase || done === total || done % 500 === 0) process.stderr.write(`train-check: ${phase} ${done}/${total}\n`);
      lastPhase = phase;
    },
  });
  model.dispose();
  process.stdout.write(`${JSON.stringify({ model: path, ...m, seconds: Math.round((performance.now() - started) / 1000) })}\n`);
}

main().catch((err: unknown) => cli.fail(err instanceof Error ? err.message : String(err)));
