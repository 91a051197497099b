import { test } from "node:test";
import assert from "node:assert/strict";
import { silentLogger } from "@repo/logger";
import { startMetricsServer } from "../metrics-server.js";
import { filledApiRegistry, filledWorkerRegistry } from "./test-registries.js";
import { promtoolProblems } from "./test-promtool.js";
import { requireBinary } from "./test-tools.js";

test("promtool check metrics finds nothing in the API's output but naming notes on inherited names", async (t) => {
  const promtool = requireBinary(t, "promtool", "prometheus");
  if (!promtool) return;
  const { problems, raw } = await promtoolProblems(promtool, await filledApiRegistry().metrics());
  assert.deepEqual(problems, []);
  // promtool did lint: it notes the inherited microseconds unit.
  assert.match(raw, /^api_tl_time_microseconds use base unit "seconds"/m);
});

test("promtool check metrics finds nothing at all in the worker's output", async (t) => {
  const promtool = requireBinary(t, "promtool", "prometheus");
  if (!promtool) return;
  const { problems, raw } = await promtoolProblems(promtool, await filledWorkerRegistry().metrics());
  assert.deepEqual(problems, []);
  assert.equal(raw.trim(), "");
});

test("promtool accepts what the /metrics server serves over HTTP, and would flag a misnamed metric", async (t) => {
  const promtool = requireBinary(t, "promtool", "prometheus");
  if (!promtool) return;
  const registry = filledApiRegistry();
  const server = await startMetricsServer({ port: 0, host: "127.0.0.1", registry, logger: silentLogger });
  try {
    const text = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
    assert.deepEqual((await promtoolProblems(promtool, text)).problems, []);
    const bad = `${text}# HELP my_gauge_total x\n# TYPE my_gauge_total gauge\nmy_gauge_total 1\n`;
    assert.match((await promtoolProblems(promtool, bad)).problems.join("\n"), /my_gauge_total non-counter/);
  } finally {
    await server.close();
  }
});
