/** Redis (hence the queue) cannot be reached: the API answers 503 SERVICE_UNAVAILABLE. */
export class QueueUnavailableError extends Error {
  override readonly name = "QueueUnavailableError";
  readonly code = "SERVICE_UNAVAILABLE" as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
