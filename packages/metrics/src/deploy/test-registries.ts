// Registries of both process kinds with every metric exercised once, so that
// every series a real process can export appears in the text output.
import type { Registry } from "prom-client";
import { createApiMetrics } from "../api-metrics.js";
import { createRegistry } from "../registry.js";
import { createWorkerMetrics } from "../worker-metrics.js";

/** An API-kind registry after a few requests, with queue and worker sources set. */
export function filledApiRegistry(): Registry {
  const registry = createRegistry("api");
  const m = createApiMetrics(registry);
  m.observeRequest({ route: "/predict", method: "POST", status: 200, seconds: 0.004, uploadBytes: 320 });
  m.observeRequest({ route: "/predict", method: "POST", status: 415, seconds: 0.0004, uploadBytes: 12 });
  m.observeRequest({ route: "/jobs/:id", method: "GET", status: 404, seconds: 0.0002, uploadBytes: 0 });
  m.setQueueDepthSource(async () => ({ waiting: 3, active: 2, delayed: 0, failed: 1, completed: 10 }));
  m.setWorkersSource(async () => ({ alive: 2 }));
  return registry;
}

/** A worker-kind registry after a batch, a failure and a model load. */
export function filledWorkerRegistry(): Registry {
  const registry = createRegistry("worker");
  const m = createWorkerMetrics(registry);
  m.observeQueueWait(0.0003);
  m.observeDecode(0.0002);
  m.observeInference(4, 0.0009);
  m.countPrediction("7");
  m.countFailure("CORRUPT_IMAGE");
  m.setModelInfo({
    name: "best_model",
    format: "keras3",
    backend: "wasm",
    inputShape: [28, 28, 1],
    convention: { scale: "0..1", polarity: "light-on-dark" },
    kerasVersion: "3.4.1",
  });
  m.setModelLoadFailed("MODEL_NOT_FOUND");
  return registry;
}

/** The names PromQL may use for what `text` exports: families plus histogram/summary series. */
export function exportedSeriesNames(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    const [, name, type] = m as unknown as [string, string, string];
    out.add(name);
    if (type === "histogram") for (const s of ["_bucket", "_sum", "_count"]) out.add(name + s);
    if (type === "summary") for (const s of ["_sum", "_count"]) out.add(name + s);
  }
  return out;
}

/** Series Prometheus itself adds to every target. */
export const SYNTHETIC_SERIES = new Set([
  "up", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_samples_post_metric_relabeling", "scrape_series_added",
]);
