import type { Readable } from "node:stream";

/** Limits for discarding the rest of a refused request body. */
export interface DiscardLimits {
  /** @defaultValue 64 MiB */
  maxBytes?: number;
  /** @defaultValue 2000 */
  timeoutMs?: number;
}

// Why discard at all: cutting a connection while the client is still
// uploading makes most HTTP clients report EPIPE/ECONNRESET instead of our
// 413. Reading and dropping the rest (bounded in bytes and time, never
// buffered) lets the client finish sending and read the answer.

/** Drop the rest of a web body; true if it ended within the bounds, false if cancelled. */
export async function discardRest(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  limits: DiscardLimits = {},
): Promise<boolean> {
  const maxBytes = limits.maxBytes ?? 64 * 1024 * 1024;
  let seen = 0;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), limits.timeoutMs ?? 2000);
  });
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), timeout]);
      if (next === "timeout") break;
      if (next.done) return true;
      seen += next.value.byteLength;
      if (seen > maxBytes) break;
    }
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
  reader.cancel().catch(() => {});
  return false;
}

/**
 * Drop the rest of a Node request stream; true if it ended within the
 * bounds. On false the stream is left paused: the caller answers with
 * `Connection: close` and the HTTP server closes the socket.
 */
export function discardNodeRest(stream: Readable, limits: DiscardLimits = {}): Promise<boolean> {
  if (stream.readableEnded || stream.destroyed) return Promise.resolve(stream.readableEnded);
  const maxBytes = limits.maxBytes ?? 64 * 1024 * 1024;
  return new Promise((resolve) => {
    let seen = 0;
    const finish = (complete: boolean) => {
      clearTimeout(timer);
      stream.off("data", onData).off("end", onEnd).off("error", onError).off("close", onClose);
      if (!complete) stream.pause();
      resolve(complete);
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > maxBytes) finish(false);
    };
    const onEnd = () => finish(true);
    const onError = () => finish(false);
    const onClose = () => finish(stream.readableEnded);
    const timer = setTimeout(() => finish(false), limits.timeoutMs ?? 2000);
    stream.on("data", onData).on("end", onEnd).on("error", onError).on("close", onClose);
    stream.resume();
  });
}
