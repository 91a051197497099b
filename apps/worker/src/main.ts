// Worker process entry: configuration, logger, start, signals. Nothing else.
import { createLogger } from "@repo/logger";
import { loadWorkerEnv } from "./env.js";
import { exitOnSignals } from "./shutdown.js";
import { startWorker, type RunningWorker } from "./start-worker.js";

const env = loadWorkerEnv();
const logger = createLogger("worker", { level: env.LOG_LEVEL });
let running: RunningWorker | null = null;
exitOnSignals(() => running?.close() ?? Promise.resolve(), { logger, timeoutMs: env.SHUTDOWN_TIMEOUT_MS });
process.on("unhandledRejection", (err) => logger.error({ err: String(err) }, "unhandled rejection"));

running = await startWorker(env, {
  logger,
  // Imported lazily: tfjs takes seconds to load (a config error should not wait
  // for it), and a broken install then counts as a model-load failure.
  loadPredictor: async (e, log) => (await import("./load-predictor.js")).loadModelPredictor(e, log),
});
