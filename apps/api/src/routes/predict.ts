import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { Handler } from "hono";
import type { AppEnv } from "../app-env.js";
import { ApiError } from "../errors/api-error.js";
import { multipartInput } from "../multipart/multipart-input.js";
import { readMultipart } from "../multipart/read-multipart.js";
import { requireImage } from "../upload/check-image.js";
import type { RouteDeps } from "./route-deps.js";
import {
  PredictFormSchema,
  PredictionResponseSchema,
  apiKeySecurity,
  errorResponse,
} from "./schemas.js";

// Multipart framing around one file is a few hundred bytes; a declared length
// beyond file limit + this slack cannot be a valid upload.
const FRAMING_SLACK_BYTES = 64 * 1024;

/** POST /predict: one image in, the digit out (blocks until a worker answers). */
export const predictRoute = createRoute({
  method: "post",
  path: "/predict",
  tags: ["predict"],
  summary: "Recognise the digit in one image",
  description:
    "multipart/form-data with one image in field `file`. Blocks until a worker answers or PREDICT_TIMEOUT_MS passes (504 with jobId). `POST /predict/` is the same route.",
  security: apiKeySecurity,
  request: { body: { required: true, content: { "multipart/form-data": { schema: PredictFormSchema } } } },
  responses: {
    200: { description: "The prediction", content: { "application/json": { schema: PredictionResponseSchema } } },
    400: errorResponse("Not multipart/form-data, or no file in field `file` (BAD_REQUEST, MISSING_FILE)"),
    401: errorResponse("API_KEYS is set and no valid key was given"),
    413: errorResponse("File over MAX_UPLOAD_BYTES"),
    415: errorResponse("Not a decodable image (EMPTY_IMAGE, UNSUPPORTED_FORMAT, CORRUPT_IMAGE)"),
    422: errorResponse("An image that cannot be used (IMAGE_TOO_LARGE over MAX_IMAGE_PIXELS, BLANK_IMAGE)"),
    429: errorResponse("Queue over MAX_QUEUE_DEPTH; see Retry-After"),
    503: errorResponse("Redis unreachable or no worker alive"),
    504: errorResponse("No answer within PREDICT_TIMEOUT_MS; the body carries jobId"),
  },
});

/** Registers POST /predict and POST /predict/ (documented once). */
export function registerPredict(app: OpenAPIHono<AppEnv>, deps: RouteDeps): void {
  const { limits } = deps;
  const handler: Handler<AppEnv> = async (c) => {
    const declared = Number(c.req.header("content-length"));
    if (declared > limits.maxUploadBytes + FRAMING_SLACK_BYTES) {
      throw new ApiError("PAYLOAD_TOO_LARGE", `upload over the limit of ${limits.maxUploadBytes} bytes`);
    }
    await deps.admission.check();

    const form = await readMultipart(multipartInput(c), {
      fileField: "file",
      maxFiles: 1,
      maxFileBytes: limits.maxUploadBytes,
      maxTotalBytes: limits.maxUploadBytes,
    });
    c.set("uploadBytes", form.fileBytes);
    const parsed = PredictFormSchema.safeParse({ file: form.files[0] });
    if (!parsed.success) throw new ApiError("MISSING_FILE", 'no file in field "file"');
    const { filename, bytes } = parsed.data.file;
    const mimeType = requireImage(bytes, { sniff: deps.sniffImage, maxPixels: limits.maxImagePixels });

    const requestId = c.get("requestId");
    let outcome;
    try {
      outcome = await deps.service.predict(
        { bytes, filename, mimeType },
        { requestId, timeoutMs: limits.predictTimeoutMs },
      );
    } catch (err) {
      throw new ApiError("SERVICE_UNAVAILABLE", `could not enqueue: ${(err as Error).message}`);
    }
    c.set("jobId", outcome.jobId);
    const log = c.get("log").child({ jobId: outcome.jobId });
    switch (outcome.kind) {
      case "completed": {
        const { digit, confidence, probabilities } = outcome.prediction;
        log.debug({ digit, confidence }, "predicted");
        return c.json({ digit, confidence, probabilities, jobId: outcome.jobId }, 200);
      }
      case "failed":
        log.info({ code: outcome.error.code }, "prediction failed");
        throw ApiError.fromJobError(outcome.error, { jobId: outcome.jobId });
      case "timeout":
        log.warn({ timeoutMs: limits.predictTimeoutMs }, "prediction timed out");
        throw new ApiError(
          "TIMEOUT",
          `no answer within ${limits.predictTimeoutMs} ms; poll GET /jobs/${outcome.jobId}`,
          { body: { jobId: outcome.jobId } },
        );
    }
  };
  app.openAPIRegistry.registerPath(predictRoute);
  app.post("/predict", handler);
  app.post("/predict/", handler);
}
