import { randomUUID } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env.js";

/** Options for {@link requestId}. */
export interface RequestIdOptions {
  /** @defaultValue "x-request-id" */
  header?: string;
  /** @defaultValue crypto.randomUUID */
  generate?: () => string;
}

// A caller's id is echoed only if it is short and plain, so it is safe in logs and headers.
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Takes the caller's x-request-id (or makes one), stores it as `requestId` and echoes it back. */
export function requestId(opts: RequestIdOptions = {}): MiddlewareHandler<AppEnv> {
  const header = opts.header ?? "x-request-id";
  const generate = opts.generate ?? randomUUID;
  return async (c, next) => {
    const incoming = c.req.header(header);
    const id = incoming && SAFE_ID.test(incoming) ? incoming : generate();
    c.set("requestId", id);
    c.header(header, id);
    await next();
  };
}
