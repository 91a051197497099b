// How image bytes travel from the API to a worker. BullMQ stores job data as
// JSON, so bytes must become text: base64 costs +33 % size plus a JSON
// stringify/parse of the whole string on both sides and in Redis's Lua
// scripts. That is nothing for a 200-byte MNIST PNG but real for a 5 MB
// photo, so small images are inlined (one Redis write, no extra key) and large
// ones are stored as raw bytes in their own key with a TTL.
import type { Redis } from "ioredis";
import type { ImageRef } from "./schemas.js";

/** The job data's image reference, and (for large images) the key to write first. */
export interface EncodedImage {
  ref: ImageRef;
  store?: { key: string; bytes: Buffer };
}

/** Decide how to carry `bytes` for job `jobId`. */
export function encodeImage(
  bytes: Uint8Array,
  jobId: string,
  opts: { inlineMaxBytes: number; keyOf: (jobId: string) => string },
): EncodedImage {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength <= opts.inlineMaxBytes) {
    return { ref: { at: "inline", base64: buf.toString("base64") } };
  }
  const key = opts.keyOf(jobId);
  return { ref: { at: "key", key, bytes: bytes.byteLength }, store: { key, bytes: buf } };
}

/** Thrown when an image key has expired or was never written. */
export class MissingImageError extends Error {
  override readonly name = "MissingImageError";
}

/** Read the image bytes a job refers to (worker side). */
export async function loadImage(redis: Redis, ref: ImageRef): Promise<Uint8Array> {
  if (ref.at === "inline") return Buffer.from(ref.base64, "base64");
  const bytes = await redis.getBuffer(ref.key);
  if (bytes === null) throw new MissingImageError(`image bytes expired or missing (${ref.key})`);
  return bytes;
}
