import type { IncomingMessage } from "node:http";
import type { Context } from "hono";
import type { MultipartInput } from "./read-multipart.js";

/** The Node request stream when @hono/node-server serves the app (`c.env.incoming`). */
export function nodeIncoming(c: Context): IncomingMessage | undefined {
  const env = c.env as { incoming?: IncomingMessage } | undefined;
  return env?.incoming && typeof env.incoming.pipe === "function" ? env.incoming : undefined;
}

/** The request body as readMultipart takes it: Node's stream if there is one, else the web body. */
export function multipartInput(c: Context): MultipartInput {
  const incoming = nodeIncoming(c);
  return incoming
    ? { contentType: c.req.header("content-type"), incoming }
    : { contentType: c.req.header("content-type"), body: c.req.raw.body };
}
