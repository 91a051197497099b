// Sending an in-memory file with the headers browsers need to cache it well.
import { createHash } from "node:crypto";
import type { Context } from "hono";
import type { StaticAsset } from "./swagger-assets.js";

/** A small text file built in memory (no gzip: too small to gain). */
export function textAsset(text: string, contentType: string): StaticAsset {
  const body = new TextEncoder().encode(text);
  const etag = `"${createHash("sha1").update(body).digest("base64url").slice(0, 16)}"`;
  return { body, gzipped: null, contentType, etag };
}

/**
 * Answer with `asset`: 304 when the browser's copy is current, gzip when the
 * browser accepts it. `immutable` marks versioned URLs, cached for a year;
 * others are revalidated with the ETag after an hour.
 */
export function sendAsset(c: Context, asset: StaticAsset, immutable: boolean): Response {
  c.header("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "public, max-age=3600");
  c.header("ETag", asset.etag);
  c.header("X-Content-Type-Options", "nosniff");
  if (asset.gzipped) c.header("Vary", "Accept-Encoding");
  const inm = c.req.header("if-none-match");
  if (inm && inm.split(",").some((t) => t.trim().replace(/^W\//, "") === asset.etag)) return c.body(null, 304);
  c.header("Content-Type", asset.contentType);
  if (asset.gzipped && /\bgzip\b/.test(c.req.header("accept-encoding") ?? "")) {
    c.header("Content-Encoding", "gzip");
    return c.body(asset.gzipped as Uint8Array<ArrayBuffer>);
  }
  return c.body(asset.body as Uint8Array<ArrayBuffer>);
}
