// Every Redis key and channel this package touches, in one place, so that a
// test (or an operator) can find and delete them by the queue's prefix.

/** The default queue name (QUEUE_NAME). */
export const DEFAULT_QUEUE_NAME = "digits";

/** BullMQ's default key prefix; our own keys live under the same prefix. */
export const DEFAULT_PREFIX = "bull";

/** The BullMQ job name of a one-image prediction (single or batch item). */
export const PREDICT_JOB_NAME = "predict";

/** Key and channel names for one queue. */
export interface QueueKeys {
  prefix: string;
  queueName: string;
  /** Hash holding a batch's (or a single prediction's) meta and per-item results. */
  record(id: string): string;
  /** Binary image bytes of a job too large to inline in the job data. */
  image(jobId: string): string;
  /** Sorted set of worker ids scored by their last heartbeat (ms). */
  workers: string;
  /** A worker's advert (JSON), with a TTL. */
  worker(id: string): string;
  /** The pub/sub channel on which one API process receives its results. */
  resultChannel(instanceId: string): string;
  /** A pattern matching every key of this queue, ours and BullMQ's. */
  pattern: string;
}

/** Build the key names for `queueName` under `prefix`. */
export function queueKeys(queueName: string, prefix: string = DEFAULT_PREFIX): QueueKeys {
  // Job ids never contain ":" (BullMQ rejects that), so "rec:", "img:" and
  // "worker:" can never collide with a job's own keys.
  const base = `${prefix}:${queueName}`;
  return {
    prefix,
    queueName,
    record: (id) => `${base}:rec:${id}`,
    image: (jobId) => `${base}:img:${jobId}`,
    workers: `${base}:workers`,
    worker: (id) => `${base}:worker:${id}`,
    resultChannel: (instanceId) => `${base}:results:${instanceId}`,
    pattern: `${base}:*`,
  };
}
