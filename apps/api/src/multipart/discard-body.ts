/** Limits for {@link discardRest}. */
export interface DiscardLimits {
  /** @defaultValue 64 MiB */
  maxBytes?: number;
  /** @defaultValue 2000 */
  timeoutMs?: number;
}

/**
 * Read and drop the rest of a request body, so that a client still uploading
 * when we refuse its request can finish sending and then read our error
 * (cutting the connection mid-upload makes most HTTP clients report EPIPE
 * instead of the 413). Bounded in bytes and time; resolves true if the body
 * ended within the bounds, false if it was cancelled.
 */
export async function discardRest(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  limits: DiscardLimits = {},
): Promise<boolean> {
  const maxBytes = limits.maxBytes ?? 64 * 1024 * 1024;
  const deadline = Date.now() + (limits.timeoutMs ?? 2000);
  let seen = 0;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), Math.max(0, deadline - Date.now()));
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
