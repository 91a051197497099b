// The interface between the HTTP front and the queue. apps/api codes against
// this; packages/queue implements it over BullMQ + Redis. Unit tests of the API
// use an in-memory fake of it; integration tests use the real one.

/** One uploaded image as the API received it. */
export interface UploadedImage {
  bytes: Uint8Array;
  filename: string;
  /** Detected from content by the API (magic bytes), e.g. "image/png". */
  mimeType: string;
}

/** A successful prediction. `digit` is a one-character string, as in the original service. */
export interface Prediction {
  digit: string;
  confidence: number;
  probabilities: number[];
}

/** A failure reason with a stable code (see {@link JobErrorCode}). */
export interface JobError {
  code: string;
  message: string;
}

export type JobStatus = "queued" | "running" | "completed" | "failed";

/** One item of a batch (or the single item of a one-image job). */
export type JobItemResult =
  | ({ index: number; filename: string } & Prediction)
  | { index: number; filename: string; error: JobError };

/** What GET /jobs/:id returns. */
export interface JobView {
  id: string;
  status: JobStatus;
  total: number;
  done: number;
  failed: number;
  results: JobItemResult[];
}

/** The outcome of waiting for one prediction. */
export type WaitOutcome =
  | { kind: "completed"; jobId: string; prediction: Prediction }
  | { kind: "failed"; jobId: string; error: JobError }
  | { kind: "timeout"; jobId: string };

export interface ReadinessReport {
  ready: boolean;
  redis: boolean;
  workers: WorkerAdvert[];
  reasons: string[];
}

/** What a live worker advertises (heartbeat key with a TTL). */
export interface WorkerAdvert {
  id: string;
  pid: number;
  host: string;
  model: { name: string; format: string; backend: string; inputShape: number[]; convention: string; referenceAccuracy: number };
  startedAt: number;
  lastBeatAt: number;
}

/** Everything the API needs from the queue. */
export interface PredictionService {
  /** Enqueue one image and wait for its result (one shared subscription per process). */
  predict(image: UploadedImage, opts: { requestId?: string; timeoutMs: number }): Promise<WaitOutcome>;
  /** Enqueue a batch; returns its unguessable id. */
  submitBatch(images: UploadedImage[], opts: { requestId?: string }): Promise<{ id: string; total: number }>;
  /** A batch, or a single prediction's job, by id; null when unknown or expired. */
  getJob(id: string): Promise<JobView | null>;
  /** Waiting jobs, for backpressure (429 when over MAX_QUEUE_DEPTH). */
  waitingCount(): Promise<number>;
  readiness(): Promise<ReadinessReport>;
  close(): Promise<void>;
}
