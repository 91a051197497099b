// Builds the app with fakes for the unit tests, and helpers to send uploads.
import { silentLogger } from "@repo/logger";
import { createApp, type AppConfig } from "./create-app.js";
import type { RequestObservation } from "./middleware/request-metrics.js";
import { FakePredictionService, type FakeServiceOptions } from "./test-fake-service.js";
import type { SniffImage } from "./upload/check-image.js";

/** A PNG-only header sniffer with the shape of @repo/model's sniffImage (unit tests only). */
export const testSniff: SniffImage = (b) => {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (b.length < 8 || sig.some((v, i) => b[i] !== v)) return null;
  const ihdr = b.length >= 24 && String.fromCharCode(b[12]!, b[13]!, b[14]!, b[15]!) === "IHDR";
  if (!ihdr) return { type: "png", mime: "image/png" };
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return { type: "png", mime: "image/png", width: v.getUint32(16), height: v.getUint32(20) };
};

export function buildTestApp(opts: { service?: FakeServiceOptions; config?: Partial<AppConfig>; shuttingDown?: boolean } = {}) {
  const service = new FakePredictionService(opts.service);
  const observed: RequestObservation[] = [];
  const app = createApp({
    service,
    sniffImage: testSniff,
    logger: silentLogger,
    config: opts.config,
    metrics: { observeRequest: (o) => observed.push(o) },
    isShuttingDown: () => opts.shuttingDown ?? false,
  });
  return { app, service, observed };
}

export interface FilePart {
  field?: string;
  filename?: string;
  bytes: Uint8Array;
  type?: string;
}

/** A multipart body built by the platform's FormData (as browsers and fetch send it). */
export function formOf(parts: FilePart[], fields: Record<string, string> = {}): FormData {
  const form = new FormData();
  for (const p of parts) {
    form.append(p.field ?? "file", new Blob([p.bytes as Uint8Array<ArrayBuffer>], { type: p.type ?? "application/octet-stream" }), p.filename ?? "x.png");
  }
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return form;
}

/** POST files as multipart to `path` of `app`. */
export function postFiles(
  app: { request: (path: string, init: RequestInit) => Response | Promise<Response> },
  path: string,
  parts: FilePart[],
  headers: Record<string, string> = {},
) {
  return app.request(path, { method: "POST", body: formOf(parts), headers });
}

/** The error body every error response carries. */
export interface ErrorBody {
  error: { code: string; message: string; requestId: string; jobId?: string };
}
