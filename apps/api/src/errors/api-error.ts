import type { ContentfulStatusCode } from "hono/utils/http-status";

/**
 * Every error code the API can answer with, and its HTTP status: the one
 * place where a code becomes a status. Image/job codes come from
 * `@repo/model` and the worker; the rest are the API's own.
 */
export const codeToStatus = {
  // image / job codes (produced by @repo/model and the worker, or by the API's sniffing)
  EMPTY_IMAGE: 415,
  UNSUPPORTED_FORMAT: 415,
  CORRUPT_IMAGE: 415,
  IMAGE_TOO_LARGE: 422,
  BLANK_IMAGE: 422,
  INFERENCE_FAILED: 500,
  // API codes
  BAD_REQUEST: 400,
  MISSING_FILE: 400,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_FILES: 413,
  QUEUE_FULL: 429,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
  TIMEOUT: 504,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof codeToStatus;

/** True when `code` is one the API knows (worker codes arrive as plain strings). */
export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(codeToStatus, code);
}

/** The one error type routes throw; `onError` turns it into `{error:{code,message,requestId}}`. */
export class ApiError extends Error {
  override readonly name = "ApiError";
  readonly status: ContentfulStatusCode;
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra fields for the error body (e.g. `jobId` on 504) and headers (e.g. Retry-After). */
    readonly extra: { body?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.status = codeToStatus[code];
  }

  /** An error reported by the worker/model (a code string) as an ApiError; unknown codes are INTERNAL. */
  static fromJobError(err: { code: string; message: string }, body?: Record<string, unknown>): ApiError {
    const code: ErrorCode = isErrorCode(err.code) ? err.code : "INTERNAL";
    return new ApiError(code, err.message, body ? { body } : {});
  }
}
