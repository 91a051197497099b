import type { LaunchPlan } from "./plan.js";

/** The lines printed once the system is up: every URL a person needs. */
export function bannerLines(opts: {
  plan: LaunchPlan;
  host: string;
  redisUrl: string;
  privateRedis: boolean;
  ready: { ok: boolean; lastBody: string };
  readyTimeoutMs: number;
}): string[] {
  const { plan } = opts;
  const api = apiBaseUrl(opts.host, plan.port);
  const shown = new URL(api).hostname;
  return [
    opts.ready.ok ? "ready" : `not ready after ${opts.readyTimeoutMs} ms (last /readyz: ${opts.ready.lastBody.slice(0, 300)})`,
    `API:      ${api}/   (draw a digit)`,
    `Docs:     ${api}/docs`,
    `Predict:  curl -F file=@digit.png ${api}/predict`,
    // Never print a password from REDIS_URL.
    `Redis:    ${opts.redisUrl.replace(/\/\/[^@/]*@/, "//***@")}${opts.privateRedis ? " (private)" : ""}`,
    `Metrics:  http://${shown}:${plan.apiMetricsPort}/metrics (api)`,
    ...plan.workerMetricsPorts.map((p, i) => `          http://${shown}:${p}/metrics (worker-${i + 1})`),
    `Prometheus targets: ${plan.targetsPath}`,
    "Ctrl-C stops everything.",
  ];
}

/** The API's base URL as printed (0.0.0.0 shown as 127.0.0.1). */
export function apiBaseUrl(host: string, port: number): string {
  return `http://${host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host}:${port}`;
}
