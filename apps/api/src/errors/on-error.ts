import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { Logger } from "@repo/logger";
import type { AppEnv } from "../app-env.js";
import { ApiError, type ErrorCode } from "./api-error.js";

// Hono and its middleware throw HTTPException with a bare status; give each a code.
const statusToCode: Record<number, ErrorCode> = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  404: "NOT_FOUND",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_FORMAT",
  503: "SERVICE_UNAVAILABLE",
  504: "TIMEOUT",
};

/** Normalise anything thrown into an ApiError; unknown errors become INTERNAL without details. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof HTTPException) {
    const code = statusToCode[err.status] ?? (err.status >= 500 ? "INTERNAL" : "BAD_REQUEST");
    return new ApiError(code, err.message || code.toLowerCase().replaceAll("_", " "));
  }
  return new ApiError("INTERNAL", "internal error");
}

/** The JSON error response: `{error:{code,message,requestId,...extra}}`, never a stack trace. */
export function errorResponse(c: Context<AppEnv>, err: ApiError): Response {
  for (const [k, v] of Object.entries(err.extra.headers ?? {})) c.header(k, v);
  return c.json(
    { error: { code: err.code, message: err.message, requestId: c.get("requestId"), ...err.extra.body } },
    err.status,
  );
}

/** The one error handler: logs 5xx with the cause, answers with {@link errorResponse}. */
export function createOnError(fallbackLogger: Logger): ErrorHandler<AppEnv> {
  return (err, c) => {
    const apiErr = toApiError(err);
    const log = c.get("log") ?? fallbackLogger;
    if (apiErr.status >= 500) log.error({ err, code: apiErr.code }, "request failed");
    else log.debug({ code: apiErr.code, msg: apiErr.message }, "request rejected");
    return errorResponse(c, apiErr);
  };
}

/** 404 for unknown routes, in the same error shape. */
export const notFound: NotFoundHandler<AppEnv> = (c) =>
  errorResponse(c, new ApiError("NOT_FOUND", `no route for ${c.req.method} ${c.req.path}`));
