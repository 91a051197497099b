import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { UploadedImage } from "@repo/queue";
import type { AppEnv } from "../app-env.js";
import { ApiError } from "../errors/api-error.js";
import { multipartInput } from "../multipart/multipart-input.js";
import { readMultipart } from "../multipart/read-multipart.js";
import { inspectImage } from "../upload/check-image.js";
import type { RouteDeps } from "./route-deps.js";
import { BatchFormSchema, JobCreatedSchema, apiKeySecurity, errorResponse } from "./schemas.js";

/** POST /jobs: a batch of images, answered at once with the job's id. */
export const createJobRoute = createRoute({
  method: "post",
  path: "/jobs",
  tags: ["jobs"],
  summary: "Submit a batch of images",
  description:
    "multipart/form-data with one or more images, each in a field named `file`. Answers 202 at once; poll `statusUrl`. A file that is not a usable image gets a per-file error in the results; it does not fail the batch.",
  security: apiKeySecurity,
  request: { body: { required: true, content: { "multipart/form-data": { schema: BatchFormSchema } } } },
  responses: {
    202: { description: "Queued", content: { "application/json": { schema: JobCreatedSchema } } },
    400: errorResponse("Not multipart/form-data, or no file in field `file`"),
    401: errorResponse("API_KEYS is set and no valid key was given"),
    413: errorResponse("A file over MAX_UPLOAD_BYTES, the batch over MAX_BATCH_BYTES, or more than MAX_BATCH_FILES files (TOO_MANY_FILES)"),
    429: errorResponse("Queue over MAX_QUEUE_DEPTH; see Retry-After"),
    503: errorResponse("Redis unreachable or no worker alive"),
  },
});

/** Registers POST /jobs. */
export function registerCreateJob(app: OpenAPIHono<AppEnv>, deps: RouteDeps): void {
  const { limits } = deps;
  app.openAPIRegistry.registerPath(createJobRoute);
  app.post("/jobs", async (c) => {
    const declared = Number(c.req.header("content-length"));
    if (declared > limits.maxBatchBytes + limits.maxBatchFiles * 1024) {
      throw new ApiError("PAYLOAD_TOO_LARGE", `batch over the limit of ${limits.maxBatchBytes} bytes`);
    }
    await deps.admission.check();

    const form = await readMultipart(multipartInput(c), {
      fileField: "file",
      maxFiles: limits.maxBatchFiles,
      maxFileBytes: limits.maxUploadBytes,
      maxTotalBytes: limits.maxBatchBytes,
    });
    c.set("uploadBytes", form.fileBytes);
    const parsed = BatchFormSchema.safeParse({ file: form.files });
    if (!parsed.success) throw new ApiError("MISSING_FILE", 'no file in field "file"');

    // Bad files stay in the batch so results keep upload order; the worker
    // reports them per file with the same codes /predict would answer with.
    const images: UploadedImage[] = parsed.data.file.map(({ filename, bytes }, i) => {
      const r = inspectImage(bytes, { sniff: deps.sniffImage, maxPixels: limits.maxImagePixels });
      return { bytes, filename: filename || `file-${i}`, mimeType: r.ok ? r.mime : "application/octet-stream" };
    });

    let created;
    try {
      created = await deps.service.submitBatch(images, { requestId: c.get("requestId") });
    } catch (err) {
      throw new ApiError("SERVICE_UNAVAILABLE", `could not enqueue: ${(err as Error).message}`);
    }
    c.set("jobId", created.id);
    c.get("log").debug({ jobId: created.id, total: created.total }, "batch queued");
    const statusUrl = `/jobs/${created.id}`;
    c.header("Location", statusUrl);
    return c.json({ id: created.id, status: "queued" as const, total: created.total, statusUrl }, 202);
  });
}
