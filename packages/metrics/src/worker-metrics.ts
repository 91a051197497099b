// Every metric of the worker process. Queue wait and inference are separate
// histograms, the way Triton separates queue time from compute time, so a
// slow answer can be blamed on the backlog or on the model.
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import { BATCH_SIZE_BUCKETS, DURATION_BUCKETS_SECONDS } from "./buckets.js";

/** What `model_info` needs from @repo/model's ModelInfo (structurally compatible with it). */
export interface ModelInfoLabels {
  name: string;
  format: string;
  backend: string;
  inputShape: readonly number[];
  convention: { scale: string; polarity: string; source?: string };
  kerasVersion?: string | null;
  /** "fused" or "layers" (see @repo/model's ModelInfo.forwardPass). */
  forwardPass?: string;
}

/** The worker process's metrics. */
export interface WorkerMetrics {
  /** Time from enqueue to the start of processing, in seconds. */
  observeQueueWait(seconds: number): void;
  /** One forward pass over `batchSize` images that took `seconds`. */
  observeInference(batchSize: number, seconds: number): void;
  /** Decoding and preprocessing of one image, in seconds. */
  observeDecode(seconds: number): void;
  /** One successful prediction of `digit` ("0".."9"). */
  countPrediction(digit: string): void;
  /** One failed image or job, by error code (e.g. "CORRUPT_IMAGE"). */
  countFailure(reason: string): void;
  /** The loaded model: sets `model_info` to 1 with its labels and clears any load failure. */
  setModelInfo(info: ModelInfoLabels): void;
  /** The model could not be loaded: sets `worker_model_load_failed{reason}` to 1. */
  setModelLoadFailed(reason: string): void;
  /** Where `worker_tfjs_tensors` reads the live tensor count at scrape time. */
  setTensorSource(source: () => number): void;
}

/** Failure codes known in advance; their series exist from start so rates and alerts see zeros. */
const KNOWN_FAILURES = [
  "EMPTY_IMAGE", "UNSUPPORTED_FORMAT", "CORRUPT_IMAGE", "IMAGE_TOO_LARGE", "BLANK_IMAGE", "INFERENCE_FAILED",
] as const;

/** Reasons become label values: keep them short codes so cardinality stays bounded. */
function reasonLabel(reason: string): string {
  return /^[A-Za-z0-9_]{1,64}$/.test(reason) ? reason : "OTHER";
}

function checkSeconds(what: string, seconds: number): void {
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new RangeError(`${what}: seconds must be a finite number >= 0, got ${seconds}`);
  }
}

/** Define every worker metric on `registry`. */
export function createWorkerMetrics(registry: Registry): WorkerMetrics {
  const registers = [registry];
  const queueWait = new Histogram({
    name: "worker_queue_wait_seconds",
    help: "Time a job spent in the queue, from enqueue to the start of processing, in seconds.",
    buckets: [...DURATION_BUCKETS_SECONDS],
    registers,
  });
  const inference = new Histogram({
    name: "worker_inference_duration_seconds",
    help: "Duration of one forward pass of the model over a batch, in seconds.",
    buckets: [...DURATION_BUCKETS_SECONDS],
    registers,
  });
  const batchSize = new Histogram({
    name: "worker_batch_size",
    help: "Images per forward pass of the model.",
    buckets: [...BATCH_SIZE_BUCKETS],
    registers,
  });
  const decode = new Histogram({
    name: "worker_decode_duration_seconds",
    help: "Decoding and preprocessing of one image into the model's input, in seconds.",
    buckets: [...DURATION_BUCKETS_SECONDS],
    registers,
  });
  const predictions = new Counter({
    name: "worker_predictions_total",
    help: "Successful predictions by predicted digit.",
    labelNames: ["digit"] as const,
    registers,
  });
  const failures = new Counter({
    name: "worker_failures_total",
    help: "Failed images or jobs by error code.",
    labelNames: ["reason"] as const,
    registers,
  });
  const modelInfo = new Gauge({
    name: "model_info",
    help: "The model this worker serves (value 1): name, format, backend, input shape, input convention and forward pass (fused ops or tfjs-layers).",
    labelNames: ["name", "format", "backend", "input_shape", "convention", "keras_version", "forward_pass"] as const,
    registers,
  });
  const loadFailed = new Gauge({
    name: "worker_model_load_failed",
    help: "1 when this worker could not load its model, labelled with the reason code.",
    labelNames: ["reason"] as const,
    registers,
  });
  let tensorSource: (() => number) | null = null;
  new Gauge({
    name: "worker_tfjs_tensors",
    help: "Live TensorFlow.js tensors in the worker process, read at scrape time; constant while serving, a rise is a leak.",
    registers,
    collect() {
      if (tensorSource) this.set(tensorSource());
    },
  });
  for (let d = 0; d <= 9; d++) predictions.inc({ digit: String(d) }, 0);
  for (const reason of KNOWN_FAILURES) failures.inc({ reason }, 0);

  return {
    observeQueueWait(seconds) {
      checkSeconds("observeQueueWait", seconds);
      queueWait.observe(seconds);
    },
    observeInference(size, seconds) {
      checkSeconds("observeInference", seconds);
      if (!Number.isInteger(size) || size < 1) {
        throw new RangeError(`observeInference: batchSize must be an integer >= 1, got ${size}`);
      }
      inference.observe(seconds);
      batchSize.observe(size);
    },
    observeDecode(seconds) {
      checkSeconds("observeDecode", seconds);
      decode.observe(seconds);
    },
    countPrediction(digit) {
      if (!/^\d{1,3}$/.test(digit)) throw new RangeError(`countPrediction: digit must be a class index like "7", got ${JSON.stringify(digit)}`);
      predictions.inc({ digit });
    },
    countFailure(reason) {
      failures.inc({ reason: reasonLabel(reason) });
    },
    setModelInfo(info) {
      modelInfo.reset();
      modelInfo.set(
        {
          name: info.name,
          format: info.format,
          backend: info.backend,
          input_shape: info.inputShape.join("x"),
          convention: `${info.convention.scale}/${info.convention.polarity}`,
          keras_version: info.kerasVersion ?? "unknown",
          forward_pass: info.forwardPass ?? "unknown",
        },
        1,
      );
      loadFailed.reset();
    },
    setTensorSource(source) {
      tensorSource = source;
    },
    setModelLoadFailed(reason) {
      loadFailed.reset();
      loadFailed.set({ reason: reasonLabel(reason) }, 1);
    },
  };
}
