// The whole local system under a real Prometheus: `npm start` (API + 2
// workers) discovered through the launcher's file_sd file by
// deploy/prometheus/prometheus.local.yml. Slow (a build, model loads, scrapes),
// so everything is checked against one running stack.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { concreteExpr, dashboardQueries } from "./test-dashboard.js";
import { digitPng } from "./test-png.js";
import { promqlMetricNames } from "./test-promql.js";
import { promtoolProblems } from "./test-promtool.js";
import { exportedSeriesNames, SYNTHETIC_SERIES } from "./test-registries.js";
import { deleteQueueKeys, promQuery, startLiveStack, waitFor, type LiveStack } from "./test-stack.js";
import { sampleValue } from "../test-scrape.js";
import { findBinary, repoPath } from "./test-tools.js";

const MODEL = repoPath("../shared/fixtures/keras/cnn-rescaling-keras3.keras");
const PREDICTIONS = 6;

/** Why the live stack cannot run here, or null when it can. */
function missing(): string | null {
  if (!findBinary("prometheus") || !findBinary("promtool")) return "prometheus/promtool not on PATH (Debian: apt-get install -y prometheus)";
  if (!existsSync(MODEL)) return `model fixture ${MODEL} absent`;
  if (!findBinary("redis-cli")) return "redis-cli not on PATH (needed to clean up the test queue)";
  const launcher = repoPath("apps/launcher/src/main.ts");
  if (!existsSync(launcher) || readFileSync(launcher, "utf8").trim().length < 200) return "apps/launcher is not written yet";
  return null;
}

const reason = missing();
if (reason && process.env.CI === "true") {
  test("the live Prometheus test can run under CI", () => assert.fail(`${reason}; CI=true, so this is a failure, not a skip`));
}

describe("a real Prometheus scraping npm start's API and 2 workers", { skip: reason ?? false, timeout: 540_000 }, () => {
  const queueName = `prom-live-${randomUUID().slice(0, 8)}`;
  let stack: LiveStack;
  const png = digitPng();
  const timings: string[] = [];

  before(async () => {
    const t0 = Date.now();
    stack = await startLiveStack({ modelPath: MODEL, queueName, log: (s) => timings.push(s) });
    timings.push(`stack up after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    for (let i = 0; i < PREDICTIONS; i++) {
      const form = new FormData();
      form.append("file", new Blob([new Uint8Array(png)], { type: "image/png" }), `seven-${i}.png`);
      const res = await fetch(`${stack.apiUrl}/predict`, { method: "POST", body: form });
      const body = await res.text();
      assert.equal(res.status, 200, body);
      assert.match(body, /"digit":"\d"/);
    }
  });

  after(async () => {
    await stack?.stop();
    await deleteQueueKeys(queueName);
  });

  test(`after ${PREDICTIONS} predictions Prometheus reports api_requests_total = ${PREDICTIONS} and all 3 targets up`, async (t) => {
    for (const line of timings) t.diagnostic(line);
    const seen = await waitFor(`Prometheus to scrape api_requests_total = ${PREDICTIONS}`, 40_000, async () => {
      const [r] = await promQuery(stack.promUrl, "sum(api_requests_total)");
      return r?.value === PREDICTIONS ? r.value : undefined;
    });
    assert.equal(seen, PREDICTIONS);
    const up = await waitFor("3 targets up", 30_000, async () => {
      const r = await promQuery(stack.promUrl, "up");
      return r.length === 3 && r.every((s) => s.value === 1) ? r : undefined;
    });
    assert.deepEqual(up.map((s) => s.metric.kind).sort(), ["api", "worker", "worker"]);
    assert.deepEqual(up.map((s) => s.metric.instance_name).sort(), ["api", "worker-1", "worker-2"]);
    const res = (await (await fetch(`${stack.promUrl}/api/v1/targets?state=active`)).json()) as { data: { activeTargets: { health: string; scrapeUrl: string }[] } };
    assert.equal(res.data.activeTargets.length, 3);
    assert.ok(res.data.activeTargets.every((t) => t.health === "up"), JSON.stringify(res.data.activeTargets));
  });

  test("each process's /metrics passes promtool check metrics, but for naming notes on inherited names", async () => {
    for (const t of stack.targets) {
      const text = await (await fetch(`http://${t.target}/metrics`)).text();
      const { problems } = await promtoolProblems(findBinary("promtool")!, text);
      assert.deepEqual(problems, [], `${t.instanceName} (${t.target})`);
    }
  });

  test("the API's inherited gauges keep their meaning for the last request", async () => {
    const api = stack.targets.find((t) => t.kind === "api")!;
    const text = await (await fetch(`http://${api.target}/metrics`)).text();
    assert.equal(sampleValue(text, "api_requests_total"), PREDICTIONS);
    const run = sampleValue(text, "api_run_time_seconds")!;
    const tl = sampleValue(text, "api_tl_time_microseconds")!;
    assert.ok(run > 0 && run < 10, `api_run_time_seconds ${run}`);
    // The upload is the PNG file: running time per uploaded byte, in µs.
    assert.ok(Math.abs(tl - (run * 1e6) / png.length) <= 1e-9 * Math.max(1, tl), `tl ${tl} vs run ${run} × 1e6 / ${png.length}`);
    const mem = sampleValue(text, "api_memory_usage")!;
    assert.ok(mem > 10 * 1024 * 1024, `api_memory_usage ${mem}`);
    assert.equal(sampleValue(text, "api_memory_usage_bytes"), mem);
    assert.ok(sampleValue(text, "api_network_bytes_received")! > PREDICTIONS * png.length);
    assert.ok(sampleValue(text, "api_network_bytes_sent")! > 0);
  });

  test("every dashboard query names only metrics the live processes export, and Prometheus runs it", async () => {
    const live = new Set<string>(SYNTHETIC_SERIES);
    for (const t of stack.targets) {
      for (const n of exportedSeriesNames(await (await fetch(`http://${t.target}/metrics`)).text())) live.add(n);
    }
    for (const q of dashboardQueries()) {
      for (const n of promqlMetricNames(q.expr)) assert.ok(live.has(n), `panel "${q.panel}" uses ${n}, not in the live scrape`);
      await promQuery(stack.promUrl, concreteExpr(q.expr)); // throws on a query Prometheus rejects
    }
    // The serving panels have data, not just valid queries.
    await waitFor(`Prometheus to see ${PREDICTIONS} predictions from the workers`, 20_000, async () => {
      const [predicted] = await promQuery(stack.promUrl, "sum(worker_predictions_total)");
      return predicted?.value === PREDICTIONS ? true : undefined;
    });
    const models = await promQuery(stack.promUrl, "model_info");
    assert.equal(models.length, 2);
  });
});
