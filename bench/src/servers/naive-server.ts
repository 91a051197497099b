// Baseline (b): naive, the original service's design. One process; each
// request is parsed whole (Hono's parseBody), decoded, and run through the
// model alone (a forward pass of one image); no queue, no batching. Decoding
// uses the same package as the service, so the difference measured is the
// architecture, not the image code.
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { createLogger } from "@repo/logger";
import { loadApiEnv, loadModelPredictor, parseWorkerEnv, toPrediction } from "../app-imports.js";

const apiEnv = loadApiEnv();
const workerEnv = parseWorkerEnv(process.env);
const logger = createLogger("bench-naive", { level: apiEnv.LOG_LEVEL });
const predictor = await loadModelPredictor(workerEnv, logger);

const app = new Hono();
app.get("/healthz", (c) => c.json({ status: "ok" }));
app.post("/predict", async (c) => {
  const form = await c.req.parseBody();
  const file = form.file;
  if (!(file instanceof File)) return c.json({ error: { code: "MISSING_FILE", message: 'no file in field "file"' } }, 400);
  try {
    const image = await predictor.decode(new Uint8Array(await file.arrayBuffer()));
    const [probs] = await predictor.predict([image]);
    return c.json(toPrediction(probs!));
  } catch (err) {
    return c.json({ error: { code: (err as { code?: string }).code ?? "INFERENCE_FAILED", message: String(err) } }, 415);
  }
});
const server = serve({ fetch: app.fetch, port: apiEnv.PORT, hostname: apiEnv.HOST }, (info) => {
  logger.warn({ port: info.port }, "listening");
});
const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
