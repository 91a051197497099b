// Every metric of the API process. The first block keeps the original
// service's names and meanings (dashboards built for it keep working); the
// rest follow Prometheus naming (unit in the name, `_total` on counters).
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import { DURATION_BUCKETS_SECONDS, SIZE_BUCKETS_BYTES } from "./buckets.js";
import { inboundHttpBytes, trackInboundHttpBytes } from "./network-bytes.js";

/** BullMQ job states reported as queue depth. */
export const QUEUE_STATES = ["waiting", "active", "delayed", "failed", "completed", "prioritized", "waiting-children"] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

/** One finished HTTP request, as the API's middleware saw it. */
export interface ObservedRequest {
  /** The route pattern (e.g. "/jobs/:id"), never the raw path, to keep label cardinality bounded. */
  route: string;
  method: string;
  status: number;
  /** Time from receiving the request to sending the response, in seconds. */
  seconds: number;
  /** Size in bytes of the uploaded file(s); 0 when the request carried none. */
  uploadBytes: number;
}

/** The API process's metrics. */
export interface ApiMetrics {
  /** Record one HTTP request; for POST /predict it also updates the original five. */
  observeRequest(req: ObservedRequest): void;
  /** Where queue depth comes from; read on every scrape. */
  setQueueDepthSource(source: () => Promise<Partial<Record<QueueState, number>>>): void;
  /** Where the number of live workers comes from; read on every scrape. */
  setWorkersSource(source: () => Promise<{ alive: number }>): void;
}

/** A scrape never waits longer than this for Redis; the previous values stay. */
const SOURCE_TIMEOUT_MS = 2000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`source did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function isPredictRoute(route: string, method: string): boolean {
  return method.toUpperCase() === "POST" && (route === "/predict" || route === "/predict/");
}

/** Define every API metric on `registry`. */
export function createApiMetrics(registry: Registry): ApiMetrics {
  const registers = [registry];
  trackInboundHttpBytes();

  // --- The original service's names (per POST /predict request). ---
  const requestsTotal = new Counter({
    name: "api_requests_total",
    help: "POST /predict requests received (inherited name; every outcome counts).",
    registers,
  });
  const runTime = new Gauge({
    name: "api_run_time_seconds",
    help: "Running time of the last POST /predict request, in seconds (inherited name).",
    registers,
  });
  const tlTime = new Gauge({
    name: "api_tl_time_microseconds",
    help: "Running time per byte of the upload of the last POST /predict request that carried a file, in microseconds per byte: api_run_time_seconds * 1e6 / upload bytes (inherited name).",
    registers,
  });
  const memoryUsage = new Gauge({
    name: "api_memory_usage",
    help: "Process resident memory (RSS) in bytes, at the last POST /predict (read at most every 100 ms) and every sampler tick (inherited name; same value as api_memory_usage_bytes).",
    registers,
  });
  const memoryUsageBytes = new Gauge({
    name: "api_memory_usage_bytes",
    help: "Process resident memory (RSS) in bytes, at the last POST /predict (read at most every 100 ms) and every sampler tick.",
    registers,
  });
  new Gauge({
    name: "api_cpu_usage_percent",
    help: "Process CPU usage in percent of one core (pidusage; 200 = two cores busy), since the previous sampler tick (inherited name).",
    registers,
  });
  new Gauge({
    name: "api_network_bytes_received",
    help: "Bytes received on the API process's inbound HTTP connections (requests with headers and bodies; /metrics scrapes excluded), cumulative since start (inherited name).",
    registers,
    collect() {
      this.set(inboundHttpBytes().received);
    },
  });
  new Gauge({
    name: "api_network_bytes_sent",
    help: "Bytes sent on the API process's inbound HTTP connections (responses with headers and bodies; /metrics scrapes excluded), cumulative since start (inherited name).",
    registers,
    collect() {
      this.set(inboundHttpBytes().sent);
    },
  });
  new Counter({
    name: "api_network_received_bytes_total",
    help: "Bytes received on the API process's inbound HTTP connections (requests with headers and bodies; /metrics scrapes excluded).",
    registers,
    collect() {
      this.reset();
      this.inc(inboundHttpBytes().received);
    },
  });
  new Counter({
    name: "api_network_sent_bytes_total",
    help: "Bytes sent on the API process's inbound HTTP connections (responses with headers and bodies; /metrics scrapes excluded).",
    registers,
    collect() {
      this.reset();
      this.inc(inboundHttpBytes().sent);
    },
  });

  // --- Serving metrics. ---
  const httpRequests = new Counter({
    name: "api_http_requests_total",
    help: "HTTP requests answered, by route pattern, method and status code.",
    labelNames: ["route", "method", "status"] as const,
    registers,
  });
  const httpDuration = new Histogram({
    name: "api_http_request_duration_seconds",
    help: "HTTP request duration from receipt to response, in seconds, by route pattern, method and status code.",
    labelNames: ["route", "method", "status"] as const,
    buckets: [...DURATION_BUCKETS_SECONDS],
    registers,
  });
  const uploadSize = new Histogram({
    name: "api_http_upload_size_bytes",
    help: "Uploaded file bytes per request that carried at least one file, by route pattern.",
    labelNames: ["route"] as const,
    buckets: [...SIZE_BUCKETS_BYTES],
    registers,
  });
  // Source reads started by this scrape; the error counter (registered after
  // the sourced gauges, so prom-client starts collecting it after them) waits
  // for them, so that a failure shows in the same scrape.
  const pendingReads: Promise<void>[] = [];
  const readSource = (name: string, read: () => Promise<void>): Promise<void> => {
    const p = read().catch(() => {
      sourceErrors.inc({ source: name });
    });
    pendingReads.push(p);
    return p;
  };
  let queueDepthSource: (() => Promise<Partial<Record<QueueState, number>>>) | undefined;
  new Gauge({
    name: "api_queue_jobs",
    help: "Jobs in the prediction queue by BullMQ state, read at scrape time (queue depth).",
    labelNames: ["state"] as const,
    registers,
    async collect() {
      const source = queueDepthSource;
      if (!source) return;
      await readSource("queue_depth", async () => {
        const depth = await withTimeout(source(), SOURCE_TIMEOUT_MS);
        for (const state of QUEUE_STATES) this.set({ state }, depth[state] ?? 0);
      });
    },
  });
  let workersSource: (() => Promise<{ alive: number }>) | undefined;
  new Gauge({
    name: "api_workers_alive",
    help: "Workers with a live heartbeat and a loaded model, as the API sees them at scrape time.",
    registers,
    async collect() {
      const source = workersSource;
      if (!source) return;
      await readSource("workers", async () => {
        this.set((await withTimeout(source(), SOURCE_TIMEOUT_MS)).alive);
      });
    },
  });
  const sourceErrors = new Counter({
    name: "api_metrics_source_errors_total",
    help: "Scrapes where a metric source (queue depth, workers) failed or timed out; the previous values were kept.",
    labelNames: ["source"] as const,
    registers,
    async collect() {
      await Promise.all(pendingReads.splice(0));
    },
  });

  // RSS is a system call; at hundreds of requests per second one read per
  // 100 ms is as current as one per request and costs nothing measurable.
  let rssAt = -Infinity;
  let rssValue = 0;
  const recentRss = (): number => {
    const now = performance.now();
    if (now - rssAt >= 100) {
      rssValue = process.memoryUsage.rss();
      rssAt = now;
    }
    return rssValue;
  };

  return {
    observeRequest({ route, method, status, seconds, uploadBytes }) {
      if (!Number.isFinite(seconds) || seconds < 0) {
        throw new RangeError(`observeRequest: seconds must be a finite number >= 0, got ${seconds}`);
      }
      if (!Number.isFinite(uploadBytes) || uploadBytes < 0) {
        throw new RangeError(`observeRequest: uploadBytes must be a finite number >= 0, got ${uploadBytes}`);
      }
      const labels = { route, method: method.toUpperCase(), status: String(status) };
      httpRequests.inc(labels);
      httpDuration.observe(labels, seconds);
      if (uploadBytes > 0) uploadSize.observe({ route }, uploadBytes);
      if (!isPredictRoute(route, method)) return;
      requestsTotal.inc();
      runTime.set(seconds);
      // Per byte of upload: undefined without an upload, so the last defined value stays.
      if (uploadBytes > 0) tlTime.set((seconds * 1e6) / uploadBytes);
      const rss = recentRss();
      memoryUsage.set(rss);
      memoryUsageBytes.set(rss);
    },
    setQueueDepthSource(source) {
      queueDepthSource = source;
    },
    setWorkersSource(source) {
      workersSource = source;
    },
  };
}
