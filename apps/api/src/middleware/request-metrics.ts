import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { AppEnv } from "../app-env.js";

/** What the metrics middleware reports per request (matches `ApiMetrics.observeRequest` of @repo/metrics). */
export interface RequestObservation {
  route: string;
  method: string;
  status: number;
  seconds: number;
  uploadBytes: number;
}

/** The slice of `ApiMetrics` the HTTP layer needs; {@link noopRequestObserver} for tests. */
export interface RequestObserver {
  observeRequest(o: RequestObservation): void;
}

/** Records nothing. */
export const noopRequestObserver: RequestObserver = { observeRequest() {} };

/**
 * Calls `observeRequest` once per request with the matched route pattern (not
 * the raw path, so ids do not explode label cardinality).
 */
export function requestMetrics(observer: RequestObserver): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const start = performance.now();
    try {
      await next();
    } finally {
      const pattern = routePath(c, -1);
      const route = !pattern || pattern === "*" || pattern === "/*" ? "unmatched" : pattern.replace(/(.)\/$/, "$1");
      const declared = Number(c.req.header("content-length"));
      const uploadBytes = c.get("uploadBytes") ?? (Number.isFinite(declared) ? declared : 0);
      observer.observeRequest({
        route,
        method: c.req.method,
        status: c.res.status,
        seconds: (performance.now() - start) / 1000,
        uploadBytes,
      });
    }
  };
}
