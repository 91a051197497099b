import { z } from "@hono/zod-openapi";
import type { ReceivedFile } from "../multipart/read-multipart.js";
import { codeToStatus } from "../errors/api-error.js";

// Response and form schemas shared by the routes: one source for validation
// and for the OpenAPI document.

/** `{error:{code,message,requestId}}`, the body of every error response. */
export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(codeToStatus) as [keyof typeof codeToStatus, ...(keyof typeof codeToStatus)[]]),
      message: z.string(),
      requestId: z.string(),
      jobId: z.string().optional().openapi({ description: "On 504 (and job failures): poll GET /jobs/{jobId}" }),
    }),
  })
  .openapi("Error");

/** An OpenAPI response entry for an error status. */
export function errorResponse(description: string) {
  return { description, content: { "application/json": { schema: ErrorBodySchema } } } as const;
}

const isReceivedFile = (v: unknown): v is ReceivedFile =>
  typeof v === "object" && v !== null && "bytes" in v && (v as ReceivedFile).bytes instanceof Uint8Array;

/** One uploaded file part (busboy gives us `{filename, bytes}`; OpenAPI shows a binary string). */
export const UploadedFileSchema = z
  .custom<ReceivedFile>(isReceivedFile, { message: 'a file upload in field "file"' })
  .openapi({ type: "string", format: "binary", description: "An image: PNG, JPEG, WebP, GIF or TIFF" });

/** POST /predict form: exactly one file in field `file`. */
export const PredictFormSchema = z.object({ file: UploadedFileSchema }).openapi("PredictForm");

/** POST /jobs form: one or more files, all in field `file`. */
export const BatchFormSchema = z
  .object({
    file: z
      .array(UploadedFileSchema)
      .min(1)
      .openapi({ description: "Repeat the `file` field once per image; results keep this order" }),
  })
  .openapi("BatchForm");

const probabilities = z.array(z.number()).length(10).openapi({ description: "P(digit = 0..9)" });

/** 200 of POST /predict. */
export const PredictionResponseSchema = z
  .object({
    digit: z.string().length(1).openapi({ example: "7" }),
    confidence: z.number().min(0).max(1).openapi({ example: 0.998 }),
    probabilities,
    jobId: z.string(),
  })
  .openapi("Prediction");

/** 202 of POST /jobs. */
export const JobCreatedSchema = z
  .object({
    id: z.string(),
    status: z.literal("queued"),
    total: z.number().int(),
    statusUrl: z.string().openapi({ example: "/jobs/3f1c…" }),
  })
  .openapi("JobCreated");

const JobItemSchema = z.union([
  z.object({
    index: z.number().int(),
    filename: z.string(),
    digit: z.string(),
    confidence: z.number(),
    probabilities: probabilities.optional(),
  }),
  z.object({
    index: z.number().int(),
    filename: z.string(),
    error: z.object({ code: z.string(), message: z.string() }),
  }),
]);

/** 200 of GET /jobs/{id}. */
export const JobViewSchema = z
  .object({
    id: z.string(),
    status: z.enum(["queued", "running", "completed", "failed"]),
    total: z.number().int(),
    done: z.number().int(),
    failed: z.number().int(),
    results: z.array(JobItemSchema),
  })
  .openapi("Job");

/** Ids are random strings; anything else cannot name a job. */
export const JobIdParamSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[A-Za-z0-9_-]+$/)
    .openapi({ param: { name: "id", in: "path" }, example: "Vx3…" }),
});

/** Security requirement of the routes behind API_KEYS (ignored when no keys are configured). */
export const apiKeySecurity: Record<string, string[]>[] = [{ bearerAuth: [] }, { apiKeyHeader: [] }];
