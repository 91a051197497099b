import { Registry, collectDefaultMetrics } from "prom-client";

/** Which process a registry belongs to; becomes the `process_kind` label of every series. */
export type ProcessKind = "api" | "worker";

// prom-client's defaults include three gauges named `..._total`, which
// Prometheus reserves for counters (promtool flags them). Each is only the sum
// of its per-type sibling (`nodejs_active_handles{type}` etc.), so dropping them
// loses nothing: use `sum(nodejs_active_handles)` instead.
const MISNAMED_DEFAULTS = ["nodejs_active_handles_total", "nodejs_active_requests_total", "nodejs_active_resources_total"];

/** One registry per process: Node's default metrics on, every series labelled `process_kind`. */
export function createRegistry(kind: ProcessKind): Registry {
  if (kind !== "api" && kind !== "worker") {
    throw new TypeError(`createRegistry: kind must be "api" or "worker", got ${JSON.stringify(kind)}`);
  }
  const registry = new Registry();
  registry.setDefaultLabels({ process_kind: kind });
  collectDefaultMetrics({ register: registry });
  for (const name of MISNAMED_DEFAULTS) registry.removeSingleMetric(name);
  return registry;
}
