import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Writable } from "node:stream";
import { freePort } from "./free-port.js";
import { prefixLines } from "./prefix-lines.js";
import { findOnPath, startPrivateRedis } from "./private-redis.js";
import { probeRedis } from "./redis-probe.js";
import { RestartPolicy } from "./restart-policy.js";
import { writeTargetsFile } from "./targets-file.js";
import { alive } from "./test-spawn-launcher.js";

function sink() {
  const chunks: string[] = [];
  const stream = new Writable({ write(c, _e, cb) { chunks.push(String(c)); cb(); } });
  return { stream, text: () => chunks.join("") };
}

test("prefixLines puts the prefix before every line, including a split line and a last line without newline", async () => {
  const input = new PassThrough();
  const out = sink();
  prefixLines(input, out.stream, "[api] ");
  input.write("one\ntw");
  input.write("o\nthree");
  input.end();
  await new Promise((r) => input.on("end", r));
  assert.equal(out.text(), "[api] one\n[api] two\n[api] three\n");
});

test("the Prometheus file_sd file lists every process with kind and instance_name", async () => {
  const dir = await mkdtemp(join(tmpdir(), "h5-targets-"));
  try {
    const path = join(dir, "prometheus", "targets.json");
    await writeTargetsFile(path, [
      { port: 8000, kind: "api", name: "api" },
      { port: 8002, kind: "worker", name: "worker-1" },
    ]);
    assert.deepEqual(JSON.parse(await readFile(path, "utf8")), [
      { targets: ["127.0.0.1:8000"], labels: { kind: "api", instance_name: "api" } },
      { targets: ["127.0.0.1:8002"], labels: { kind: "worker", instance_name: "worker-1" } },
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("the restart policy backs off exponentially, resets after a healthy run, and gives up on crash loops and config errors", () => {
  const p = new RestartPolicy({ baseDelayMs: 100, maxDelayMs: 1000, healthyAfterMs: 5000, maxEarlyCrashes: 3 });
  assert.deepEqual(p.onCrash({ code: 1, uptimeMs: 60_000 }), { action: "restart", delayMs: 100 });
  assert.deepEqual(p.onCrash({ code: 1, uptimeMs: 60_000 }), { action: "restart", delayMs: 100 }, "healthy again: reset");
  const q = new RestartPolicy({ baseDelayMs: 100, maxDelayMs: 1000, healthyAfterMs: 5000, maxEarlyCrashes: 3 });
  assert.deepEqual(q.onCrash({ code: 1, uptimeMs: 10 }), { action: "restart", delayMs: 100 });
  assert.deepEqual(q.onCrash({ code: 1, uptimeMs: 10 }), { action: "restart", delayMs: 200 });
  assert.equal(q.onCrash({ code: 1, uptimeMs: 10 }).action, "give-up");
  assert.equal(new RestartPolicy().onCrash({ code: 78, uptimeMs: 60_000 }).action, "give-up");
});

test("probeRedis tells a live Redis from a closed port", async () => {
  assert.equal(await probeRedis("127.0.0.1", 6379), "pong");
  assert.equal(await probeRedis("127.0.0.1", await freePort()), "nothing");
});

test("a private redis-server starts on a free port with data in the given dir, answers PING, and stops", { timeout: 20_000 }, async (t) => {
  const binary = await findOnPath("redis-server");
  if (!binary) {
    if (process.env.CI === "true") throw new Error("CI: redis-server not on PATH");
    t.skip("redis-server not on PATH");
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), "h5-redis-"));
  const out = sink();
  const redis = await startPrivateRedis({ binary, dataDir: join(dir, "redis"), cwd: dir, out: { stdout: out.stream, stderr: out.stream } });
  try {
    assert.notEqual(redis.port, 6379);
    assert.equal(await probeRedis("127.0.0.1", redis.port), "pong");
    const pid = redis.child.pid!;
    await redis.child.stop(5000);
    assert.equal(alive(pid), false);
    assert.equal(await probeRedis("127.0.0.1", redis.port), "nothing");
  } finally {
    redis.child.killNow();
    await rm(dir, { recursive: true, force: true });
  }
});

test("the banner prints the API, docs and every metrics URL, and never a Redis password", async () => {
  const { bannerLines } = await import("./banner.js");
  const lines = bannerLines({
    plan: {
      node: { command: "node", args: [] },
      apiEntry: "",
      workerEntry: "",
      port: 8001,
      apiMetricsPort: 8000,
      workerMetricsPorts: [8002, 8003],
      targetsPath: ".data/prometheus/targets.json",
      redisDataDir: ".data/redis",
    },
    host: "0.0.0.0",
    redisUrl: "redis://:hunter2@db:6379/0",
    privateRedis: false,
    ready: { ok: true, lastBody: "" },
    readyTimeoutMs: 1000,
  }).join("\n");
  assert.match(lines, /API: +http:\/\/127\.0\.0\.1:8001\//);
  assert.match(lines, /Docs: +http:\/\/127\.0\.0\.1:8001\/docs/);
  for (const p of [8000, 8002, 8003]) assert.match(lines, new RegExp(`http://127\\.0\\.0\\.1:${p}/metrics`));
  assert.doesNotMatch(lines, /hunter2/);
  assert.match(lines, /redis:\/\/\*\*\*@db:6379\/0/);
});
