// Test-only entry (excluded from the build): the real worker wiring
// (env, startWorker, signals) with the fake model, for tests that spawn and
// kill worker processes. FAKE_PREDICT_DELAY_MS slows each forward pass.
import { z } from "zod";
import { envInt, loadEnv } from "@repo/config";
import { createLogger } from "@repo/logger";
import { loadWorkerEnv } from "./env.js";
import { exitOnSignals } from "./shutdown.js";
import { startWorker, type RunningWorker } from "./start-worker.js";
import { createFakePredictor } from "./test-fake-predictor.js";

const env = loadWorkerEnv();
const fake = loadEnv(z.object({ FAKE_PREDICT_DELAY_MS: envInt(0, { min: 0 }) }));
const logger = createLogger("worker", { level: env.LOG_LEVEL });
let running: RunningWorker | null = null;
exitOnSignals(() => running?.close() ?? Promise.resolve(), { logger, timeoutMs: env.SHUTDOWN_TIMEOUT_MS });
running = await startWorker(env, {
  logger,
  loadPredictor: async () => createFakePredictor({ predictDelayMs: fake.FAKE_PREDICT_DELAY_MS }),
});
process.stdout.write(`READY ${running.metricsPort}\n`);
