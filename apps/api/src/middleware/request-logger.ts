import type { MiddlewareHandler } from "hono";
import type { Logger } from "@repo/logger";
import type { AppEnv } from "../app-env.js";

/** Gives each request a pino child logger with its `requestId` and logs one line when it ends. */
export function requestLogger(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const start = performance.now();
    const log = logger.child({ requestId: c.get("requestId") });
    c.set("log", log);
    await next();
    const status = c.res.status;
    const line = {
      method: c.req.method,
      path: c.req.path,
      status,
      ms: +(performance.now() - start).toFixed(2),
      ...(c.get("jobId") ? { jobId: c.get("jobId") } : {}),
    };
    // Health probes arrive every few seconds; keep them out of info-level logs.
    if (c.req.path === "/healthz" || c.req.path === "/readyz") log.debug(line, "request");
    else log[status >= 500 ? "error" : "info"](line, "request");
  };
}
