import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { filledApiRegistry, filledWorkerRegistry, exportedSeriesNames, SYNTHETIC_SERIES } from "./test-registries.js";
import { promqlMetricNames } from "./test-promql.js";
import { repoPath, requireBinary, run } from "./test-tools.js";

test("promtool check config accepts the compose and the local Prometheus configs", async (t) => {
  const promtool = requireBinary(t, "promtool", "prometheus");
  if (!promtool) return;
  for (const file of ["deploy/prometheus/prometheus.yml", "deploy/prometheus/prometheus.local.yml"]) {
    const r = await run(promtool, ["check", "config", file]);
    assert.equal(r.code, 0, `${file}:\n${r.stdout}${r.stderr}`);
    assert.match(r.stdout, /SUCCESS: 5 rules found/);
  }
});

test("promtool check rules accepts the alert rules, and promtool test rules passes their unit tests", async (t) => {
  const promtool = requireBinary(t, "promtool", "prometheus");
  if (!promtool) return;
  const check = await run(promtool, ["check", "rules", "deploy/prometheus/alerts.yml"]);
  assert.equal(check.code, 0, check.stdout + check.stderr);
  const unit = await run(promtool, ["test", "rules", "deploy/prometheus/alerts.test.yml"]);
  assert.equal(unit.code, 0, unit.stdout + unit.stderr);
  assert.match(unit.stdout, /SUCCESS/);
});

test("the alerts cover a dead worker, a growing backlog, errors, p99 latency and a failed model load", () => {
  const doc = parse(readFileSync(repoPath("deploy/prometheus/alerts.yml"), "utf8")) as { groups: { rules: { alert: string; expr: string }[] }[] };
  const rules = doc.groups.flatMap((g) => g.rules);
  assert.deepEqual(rules.map((r) => r.alert).sort(), [
    "HighErrorRatio", "ModelFailedToLoad", "NoLiveWorker", "PredictLatencyP99OverBudget", "QueueBacklogGrowing",
  ]);
});

test("every metric the alert rules use is exported by the api or worker registry", async () => {
  const exported = new Set([
    ...exportedSeriesNames(await filledApiRegistry().metrics()),
    ...exportedSeriesNames(await filledWorkerRegistry().metrics()),
    ...SYNTHETIC_SERIES,
  ]);
  const doc = parse(readFileSync(repoPath("deploy/prometheus/alerts.yml"), "utf8")) as { groups: { rules: { alert: string; expr: string }[] }[] };
  for (const rule of doc.groups.flatMap((g) => g.rules)) {
    const names = [...promqlMetricNames(rule.expr)];
    assert.ok(names.length > 0, `${rule.alert}: no metric found in ${rule.expr}`);
    for (const name of names) assert.ok(exported.has(name), `${rule.alert} uses ${name}, which no process exports`);
  }
});

test("compose discovers api and worker replicas by DNS A records on port 8000; local reads the launcher's targets file", () => {
  type Job = { job_name: string; dns_sd_configs?: { names: string[]; type: string; port: number }[]; file_sd_configs?: { files: string[] }[] };
  const compose = parse(readFileSync(repoPath("deploy/prometheus/prometheus.yml"), "utf8")) as { scrape_configs: Job[] };
  for (const service of ["api", "worker"]) {
    const job = compose.scrape_configs.find((j) => j.job_name === service);
    assert.deepEqual(job?.dns_sd_configs?.map((d) => ({ ...d, refresh_interval: undefined })), [
      { names: [service], type: "A", port: 8000, refresh_interval: undefined },
    ]);
  }
  const local = parse(readFileSync(repoPath("deploy/prometheus/prometheus.local.yml"), "utf8")) as { scrape_configs: Job[] };
  const files = local.scrape_configs.flatMap((j) => j.file_sd_configs ?? []).flatMap((f) => f.files);
  // Relative paths in file_sd are resolved against the config file's directory.
  assert.deepEqual(files, ["../../.data/prometheus/targets.json"]);
});

test("the metric-name extractor finds names and ignores functions, labels, ranges and grouping", () => {
  assert.deepEqual(
    [...promqlMetricNames('histogram_quantile(0.99, sum by (le) (rate(a_bucket{route="/x", le=~"1e6"}[5m]))) > 0.25')],
    ["a_bucket"],
  );
  assert.deepEqual([...promqlMetricNames("sum(rate(b_total[$__rate_interval])) / sum(c) or vector(0)")].sort(), ["b_total", "c"]);
  assert.deepEqual([...promqlMetricNames("max(x) * on (instance) group_left (name) model_info offset 5m")].sort(), ["model_info", "x"]);
  assert.deepEqual([...promqlMetricNames("nodejs_eventloop_lag_p99_seconds * 1e3")], ["nodejs_eventloop_lag_p99_seconds"]);
});
