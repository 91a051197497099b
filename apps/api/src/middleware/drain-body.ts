import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env.js";
import { discardNodeRest, discardRest, type DiscardLimits } from "../multipart/discard-body.js";
import { nodeIncoming } from "../multipart/multipart-input.js";

/**
 * When a request is answered without reading its body (401, 429, 503, or a
 * 413 from Content-Length), read and drop the body within bounds before the
 * response goes out, so the client can finish its upload and read the
 * answer; past the bounds, answer with `Connection: close`.
 */
export function drainUnreadBody(limits: DiscardLimits = {}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (c.req.method === "GET" || c.req.method === "HEAD") return;
    const incoming = nodeIncoming(c);
    let complete = true;
    if (incoming) {
      // Only if nobody piped it (readMultipart discards its own leftovers).
      if (!incoming.readableEnded && incoming.readableFlowing === null) complete = await discardNodeRest(incoming, limits);
    } else {
      const req = c.req.raw;
      if (req.body && !req.bodyUsed && !req.body.locked) complete = await discardRest(req.body.getReader(), limits);
    }
    if (!complete) c.res.headers.set("Connection", "close");
  };
}
