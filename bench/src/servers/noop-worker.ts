// Baseline (c): the BullMQ floor. The real worker (same startWorker: BullMQ
// Worker options, connections, processor, batcher, result publishing,
// heartbeat) with a model that does nothing: decode returns a constant and
// predict answers "0" for every image. What remains is the cost of the queue.
import { createLogger } from "@repo/logger";
import { parseWorkerEnv, startWorker, type Predictor } from "../app-imports.js";

const env = parseWorkerEnv(process.env);
const logger = createLogger("bench-noop-worker", { level: env.LOG_LEVEL });
const blank = new Float32Array(1);
const answer = Float32Array.from({ length: 10 }, (_, i) => (i === 0 ? 1 : 0));

const noopPredictor: Predictor<Float32Array> = {
  info: {
    name: "noop",
    format: "keras3",
    backend: "cpu",
    inputShape: [784],
    kerasVersion: null,
    convention: { scale: "0..1", polarity: "light-on-dark", source: "override", referenceAccuracy: 0 },
  },
  decode: async () => blank,
  predict: async (images) => images.map(() => answer),
  dispose: () => undefined,
};

const running = await startWorker(env, { logger, loadPredictor: async () => noopPredictor });
logger.warn({ metricsPort: running.metricsPort }, "noop worker ready");
const stop = () => {
  running.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
