import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { concreteExpr, dashboardQueries } from "./test-dashboard.js";
import { promqlMetricNames } from "./test-promql.js";
import { exportedSeriesNames, filledApiRegistry, filledWorkerRegistry, SYNTHETIC_SERIES } from "./test-registries.js";
import { repoPath, requireBinary, run } from "./test-tools.js";

test("every metric a dashboard query uses is exported by the api or worker registry", async () => {
  const exported = new Set([
    ...exportedSeriesNames(await filledApiRegistry().metrics()),
    ...exportedSeriesNames(await filledWorkerRegistry().metrics()),
    ...SYNTHETIC_SERIES,
  ]);
  const queries = dashboardQueries();
  assert.ok(queries.length >= 20, `only ${queries.length} queries`);
  for (const q of queries) {
    const names = [...promqlMetricNames(q.expr)];
    assert.ok(names.length > 0, `panel "${q.panel}": no metric in ${q.expr}`);
    for (const n of names) assert.ok(exported.has(n), `panel "${q.panel}" uses ${n}, which no process exports`);
  }
});

test("every dashboard query is valid PromQL (checked by promtool as recording rules)", async (t) => {
  const promtool = requireBinary(t, "promtool", "prometheus");
  if (!promtool) return;
  const dir = mkdtempSync(join(tmpdir(), "dashboard-promql-"));
  try {
    const rules = dashboardQueries().map((q, i) => ({ record: `dashboard:query_${i}`, expr: concreteExpr(q.expr) }));
    const file = join(dir, "dashboard-rules.yml");
    writeFileSync(file, stringify({ groups: [{ name: "dashboard", rules }] }));
    const r = await run(promtool, ["check", "rules", file]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`SUCCESS: ${rules.length} rules found`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the dashboard shows rate, p50/p99, queue depth, queue wait vs inference, batch size, digits, per-replica CPU and memory, and the original five", () => {
  const queries = dashboardQueries();
  const panelUsing = (re: RegExp): string[] => queries.filter((q) => re.test(q.expr)).map((q) => q.panel);
  assert.ok(panelUsing(/rate\(api_http_requests_total/).length > 0, "request rate");
  const latency = queries.filter((q) => /api_http_request_duration_seconds_bucket/.test(q.expr));
  assert.ok(latency.some((q) => /histogram_quantile\(0\.5,/.test(q.expr)) && latency.some((q) => /histogram_quantile\(0\.99,/.test(q.expr)), "p50 and p99");
  assert.ok(panelUsing(/api_queue_jobs/).length > 0, "queue depth");
  const waitPanels = new Set(panelUsing(/worker_queue_wait_seconds_bucket/));
  assert.ok(panelUsing(/worker_inference_duration_seconds_bucket/).some((p) => waitPanels.has(p)), "queue wait and inference in one panel");
  assert.ok(panelUsing(/worker_batch_size/).length > 0, "batch size");
  assert.ok(panelUsing(/worker_predictions_total/).length > 0, "predictions by digit");
  assert.ok(queries.some((q) => /^rate\(process_cpu_seconds_total\[/.test(q.expr)), "CPU per replica (not aggregated)");
  assert.ok(queries.some((q) => q.expr === "process_resident_memory_bytes"), "memory per replica (not aggregated)");
  for (const name of ["api_requests_total", "api_run_time_seconds", "api_tl_time_microseconds", "api_memory_usage", "api_cpu_usage_percent"]) {
    assert.ok(queries.some((q) => promqlMetricNames(q.expr).has(name)), name);
  }
});

test("every panel queries the provisioned Prometheus datasource", () => {
  const provisioning = parse(readFileSync(repoPath("deploy/grafana/provisioning/datasources/prometheus.yml"), "utf8")) as {
    datasources: { uid: string; url: string; type: string }[];
  };
  const ds = provisioning.datasources[0]!;
  assert.equal(ds.type, "prometheus");
  assert.equal(ds.url, "http://prometheus:9090");
  for (const q of dashboardQueries()) assert.equal(q.datasourceUid, ds.uid, `panel "${q.panel}"`);
  const providers = parse(readFileSync(repoPath("deploy/grafana/provisioning/dashboards/dashboards.yml"), "utf8")) as {
    providers: { options: { path: string } }[];
  };
  assert.equal(providers.providers[0]?.options.path, "/var/lib/grafana/dashboards");
});
