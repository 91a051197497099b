// node apps/cli/dist/train-check.js [--model PATH] [--held-out N] [--photos N] [--backend auto|tensorflow|wasm|cpu]
// Measures a trained model the way model/README.md reports it: accuracy on
// the held-out samples uploaded as PNG files, and on photo-style JPEG/PNG
// digits drawn from held-out samples. Progress on stderr; the last line of
// stdout is JSON.
import { parseArgs } from "node:util";
import { createLogger } from "@repo/logger";
import { loadDigitModel, type BackendPreference } from "@repo/model";
import { measureModel } from "@repo/training";
import { loadCliEnv } from "./env.js";

const USAGE = "usage: node apps/cli/dist/train-check.js [--model PATH] [--held-out N] [--photos N] [--backend auto|tensorflow|wasm|cpu]";

function fail(message: string, code = 1): never {
  process.stderr.write(`train-check: ${message}\n`);
  process.exit(code);
}

function count(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 2000) fail(`--${name} must be an integer in 1..2000, got "${value}"\n${USAGE}`, 2);
  return n;
}

async function main(): Promise<void> {
  const env = loadCliEnv();
  let values;
  try {
    values = parseArgs({
      options: { model: { type: "string" }, "held-out": { type: "string" }, photos: { type: "string" }, backend: { type: "string" } },
      allowPositionals: false,
    }).values;
  } catch (err) {
    fail(`${(err as Error).message}\n${USAGE}`, 2);
  }
  const path = values.model ?? env.MODEL_PATH;
  const backend = (values.backend ?? env.INFERENCE_BACKEND) as BackendPreference;
  const logger = createLogger("train-check", { level: env.LOG_LEVEL, destination: process.stderr });
  const model = await loadDigitModel({ path, backend, logger });
  const started = performance.now();
  let lastPhase = "";
  const m = await measureModel(model, {
    heldOut: count("held-out", values["held-out"]),
    photos: count("photos", values.photos),
    onProgress: (phase, done, total) => {
      if (phase !== lastPhase || done === total || done % 500 === 0) process.stderr.write(`train-check: ${phase} ${done}/${total}\n`);
      lastPhase = phase;
    },
  });
  model.dispose();
  process.stdout.write(`${JSON.stringify({ model: path, ...m, seconds: Math.round((performance.now() - started) / 1000) })}\n`);
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));
