// A PredictionService with no queue: decode and micro-batch in this process.
// Plugged into the API's own createApp, it gives the in-process ceiling: the
// same HTTP stack, multipart parser, decoder and batcher as the service, and
// nothing of Redis or BullMQ.
import { randomUUID } from "node:crypto";
import type { PredictionService, WaitOutcome } from "@repo/queue";
import { UNRECOVERABLE_CODES } from "@repo/queue";
import { DynamicBatcher, toPrediction, type Predictor } from "./app-imports.js";

/** Options of {@link createInProcessService}. */
export interface InProcessOptions {
  maxBatchSize: number;
  windowMs: number;
}

/** Only POST /predict is served; batch routes answer 503. */
export function createInProcessService<Img>(predictor: Predictor<Img>, opts: InProcessOptions): PredictionService {
  const batcher = new DynamicBatcher<Img, Float32Array>((images) => predictor.predict(images), {
    maxBatchSize: opts.maxBatchSize,
    windowMs: opts.windowMs,
  });
  const unsupported = () => Promise.reject(new Error("the in-process baseline serves POST /predict only"));
  return {
    async predict(image): Promise<WaitOutcome> {
      const jobId = randomUUID();
      // Announced before decoding, exactly as the worker's processor does, so
      // the adaptive window knows an image is on its way.
      const ticket = batcher.begin();
      let img: Img;
      try {
        img = await predictor.decode(image.bytes);
      } catch (err) {
        ticket.cancel();
        const code = (err as { code?: unknown }).code;
        if (typeof code === "string" && UNRECOVERABLE_CODES.has(code)) {
          return { kind: "failed", jobId, error: { code, message: (err as Error).message } };
        }
        throw err;
      }
      const { digit, confidence, probabilities } = toPrediction(await ticket.submit(img));
      return { kind: "completed", jobId, prediction: { digit, confidence, probabilities } };
    },
    submitBatch: unsupported,
    getJob: unsupported,
    waitingCount: async () => 0,
    readiness: async () => ({ ready: true, redis: true, workers: [], reasons: [] }),
    close: async () => undefined,
  };
}
