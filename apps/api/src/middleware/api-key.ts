import { createHash, timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env.js";
import { ApiError } from "../errors/api-error.js";

/** Options for {@link apiKeyAuth}. */
export interface ApiKeyOptions {
  /** Accepted keys; an empty list turns authentication off. */
  keys: readonly string[];
}

const digest = (s: string) => createHash("sha256").update(s).digest();

/**
 * Requires `Authorization: Bearer <key>` or `x-api-key: <key>` when keys are
 * configured. Keys are compared as SHA-256 digests in constant time, so the
 * comparison leaks neither the key nor its length.
 */
export function apiKeyAuth(opts: ApiKeyOptions): MiddlewareHandler<AppEnv> {
  const digests = opts.keys.map(digest);
  if (digests.length === 0) return async (_c, next) => next();
  return async (c, next) => {
    const auth = c.req.header("authorization");
    const bearer = auth?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
    const given = bearer ?? c.req.header("x-api-key");
    if (!given) throw new ApiError("UNAUTHORIZED", "missing API key (Authorization: Bearer <key> or x-api-key)");
    const d = digest(given);
    let ok = false;
    for (const k of digests) ok = timingSafeEqual(d, k) || ok;
    if (!ok) throw new ApiError("UNAUTHORIZED", "invalid API key");
    await next();
  };
}
