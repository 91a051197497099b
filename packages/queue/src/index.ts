export type {
  UploadedImage,
  Prediction,
  JobError,
  JobStatus,
  JobItemResult,
  JobView,
  WaitOutcome,
  ReadinessReport,
  WorkerAdvert,
  PredictionService,
} from "./service.js";
export {
  createPredictionService,
  type PredictionServiceOptions,
  type QueuePredictionService,
  type JobCounts,
} from "./prediction-service.js";
export { DEFAULT_QUEUE_NAME, DEFAULT_PREFIX, PREDICT_JOB_NAME, queueKeys, type QueueKeys } from "./keys.js";
export { newId, isWellFormedId, batchChunkJobId } from "./ids.js";
export {
  JOB_ERROR_CODES,
  UNRECOVERABLE_CODES,
  predictJobDataSchema,
  acceptedJobDataSchema,
  predictItemSchema,
  MAX_ITEMS_PER_JOB,
  predictionSchema,
  itemOutcomeSchema,
  resultMessageSchema,
  workerAdvertSchema,
  imageRefSchema,
  type JobErrorCode,
  type PredictJobData,
  type PredictItem,
  type PredictionResult,
  type ItemOutcome,
  type ResultMessage,
  type ImageRef,
} from "./schemas.js";
export { connectionOptions, createRedis, ensureReady, bullmqConnectionExtras, type ConnectionRole } from "./connection.js";
export { QUEUE_DEFAULTS, predictJobOptions } from "./job-options.js";
export { QueueUnavailableError } from "./errors.js";
export { encodeImage, loadImage, MissingImageError, type EncodedImage } from "./image-payload.js";
export { recordOutcome, reportOutcome, ensureSingleRecord, readOutcome, recordToView, type OutcomeWrite } from "./job-record.js";
export { ResultChannel } from "./result-channel.js";
export { beat, retire, liveWorkers, startHeartbeat, HEARTBEAT_DEFAULTS } from "./worker-registry.js";
