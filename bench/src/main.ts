// `npm run bench`: starts each system under test, drives it with wrk, and
// compares the queue-backed service with three baselines measured in the
// same run: the in-process ceiling, the naive one-image-per-request server,
// and the BullMQ floor (the real worker with a no-op model).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, release, tmpdir, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { runBatch } from "./batch-load.js";
import { parseBenchArgs, UsageError, type BenchOptions } from "./cli-args.js";
import { startCpuMeter } from "./cpu.js";
import { mnistPng, photoJpeg, type BenchImage } from "./images.js";
import { buildMultipartBody } from "./multipart-body.js";
import { metricValue } from "./prom-text.js";
import { deleteKeys, redisPid } from "./redis-probe.js";
import { pickModel, repoRoot as repo, requireRedis, requireWrk } from "./setup.js";
import { batchTable, loadTable, summarise, table, type BatchRow, type BenchReport, type LoadRow } from "./report.js";
import { startBaseline, startQueueStack, type Stack, type StackSettings } from "./stack.js";
import { runWrk, writeWrkScript } from "./wrk.js";

const say = (s: string) => process.stdout.write(`${s}\n`);

interface Prepared {
  image: BenchImage;
  script: string;
  body: Buffer;
  contentType: string;
}

async function main(opts: BenchOptions): Promise<void> {
  const wrk = requireWrk();
  const { url: redisUrl, redis } = await requireRedis();
  const settings: StackSettings = {
    redisUrl,
    modelPath: pickModel(opts.model),
    logLevel: process.env.LOG_LEVEL ?? "warn",
    env: opts.env,
    ...(opts.profileDir ? { nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${opts.profileDir}`] } : {}),
  };
  const rPid = await redisPid(redis);
  const startedAt = new Date().toISOString();
  const work = mkdtempSync(join(tmpdir(), "digit-bench-"));
  const maxConns = Math.max(...opts.connections);

  const images: Prepared[] = [];
  for (const kind of opts.images) {
    const image = kind === "png" ? mnistPng() : await photoJpeg();
    const { body, contentType } = buildMultipartBody([{ field: "file", filename: image.filename, contentType: image.contentType, bytes: image.bytes }]);
    const bodyPath = join(work, `${image.name}.body`);
    writeFileSync(bodyPath, body);
    const script = join(work, `${image.name}.lua`);
    writeWrkScript(script, bodyPath, contentType);
    images.push({ image, script, body, contentType });
  }
  const png = images.find((i) => i.image.name === "png28") ?? images[0]!;
  const sanity: Record<string, Record<string, string>> = {};

  say(`digit-service bench: model ${settings.modelPath}, ${cpus().length} CPUs, load ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  say(`scenarios ${opts.scenarios.join(",")}; ${opts.duration}s per run at ${opts.connections.join(",")} connections${Object.keys(opts.env).length ? `; env ${JSON.stringify(opts.env)}` : ""}`);

  const loads: LoadRow[] = [];
  const batches: BatchRow[] = [];
  const groupsOf = (stack: Stack, wrkPid: () => number | null) => ({
    api: () => stack.pids.api,
    workers: () => stack.pids.workers,
    redis: () => (rPid ? [rPid] : []),
    wrk: () => {
      const p = wrkPid();
      return p ? [p] : [];
    },
  });

  /** Sum and count of the workers' batch-size histogram (to report the mean batch of a run). */
  async function batchCounters(stack: Stack): Promise<{ sum: number; count: number; waitSum: number; waitCount: number } | null> {
    if (stack.metricsPorts.workers.length === 0) return null;
    const c = { sum: 0, count: 0, waitSum: 0, waitCount: 0 };
    for (const port of stack.metricsPorts.workers) {
      const text = await fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text(), () => "");
      c.sum += metricValue(text, "worker_batch_size_sum") ?? 0;
      c.count += metricValue(text, "worker_batch_size_count") ?? 0;
      c.waitSum += metricValue(text, "worker_queue_wait_seconds_sum") ?? 0;
      c.waitCount += metricValue(text, "worker_queue_wait_seconds_count") ?? 0;
    }
    return c;
  }

  async function load(stack: Stack, workers: number, p: Prepared, connections: number, seconds: number, record = true): Promise<void> {
    let wrkPid: number | null = null;
    const b0 = record ? await batchCounters(stack) : null;
    const meter = startCpuMeter(groupsOf(stack, () => null));
    const result = await runWrk({ wrk, url: `${stack.url}/predict`, script: p.script, connections, seconds, onStart: (pid) => (wrkPid = pid) });
    const cpu = meter.stop();
    cpu.groups.wrk = result.wrkCpuSeconds;
    void wrkPid;
    if (!record) return;
    const { wrkCpuSeconds: _, ...r } = result;
    const b1 = b0 ? await batchCounters(stack) : null;
    const meanBatch = b0 && b1 && b1.count > b0.count ? Math.round(((b1.sum - b0.sum) / (b1.count - b0.count)) * 10) / 10 : null;
    const meanQueueWaitMs =
      b0 && b1 && b1.waitCount > b0.waitCount ? Math.round(((b1.waitSum - b0.waitSum) / (b1.waitCount - b0.waitCount)) * 1e5) / 100 : null;
    const row: LoadRow = { system: stack.kind, workers, image: p.image.name, connections, result: r, cpu, meanBatch, meanQueueWaitMs };
    loads.push(row);
    say(`  ${stack.kind}${stack.kind === "service" || stack.kind === "noop" ? ` ${workers}w` : ""} ${p.image.name} @${connections}: ${r.rps} req/s, p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, errors ${r.errors}${meanBatch !== null ? `, mean batch ${meanBatch}` : ""}${meanQueueWaitMs !== null ? `, mean queue wait ${meanQueueWaitMs} ms` : ""}`);
  }

  async function check(stack: Stack, p: Prepared): Promise<void> {
    const res = await fetch(`${stack.url}/predict`, { method: "POST", body: new Uint8Array(p.body), headers: { "content-type": p.contentType } });
    const body = (await res.json().catch(() => ({}))) as { digit?: string; error?: { code?: string } };
    const key = `${stack.kind}`;
    (sanity[p.image.name] ??= {})[key] = res.status === 200 ? `digit ${body.digit}` : `HTTP ${res.status} ${body.error?.code ?? ""}`;
    if (res.status !== 200) say(`  warning: ${stack.kind} answered ${res.status} to ${p.image.name}: ${JSON.stringify(body)}`);
    else if (stack.kind !== "noop" && stack.kind !== "api" && body.digit !== String(p.image.label)) {
      say(`  warning: ${stack.kind} read ${p.image.name} as ${body.digit}; it shows a ${p.image.label}`);
    }
  }

  async function measure(stack: Stack, workers: number, which: Prepared[], conns: number[]): Promise<void> {
    for (const p of which) {
      await check(stack, p);
      if (opts.warmup > 0) await load(stack, workers, p, Math.min(16, maxConns), opts.warmup, false);
      for (const c of conns) await load(stack, workers, p, c, opts.duration);
    }
  }

  async function batch(stack: Stack, workers: number): Promise<void> {
    const meter = startCpuMeter(groupsOf(stack, () => null));
    const result = await runBatch(stack.url, png.image, opts.batchImages);
    const cpu = meter.stop();
    batches.push({ system: stack.kind as "service" | "noop", workers, result, cpu });
    say(`  ${stack.kind} ${workers}w batch of ${result.images}: ${result.imagesPerSecond} images/s (${result.seconds} s, enqueue ${result.enqueueSeconds} s, failed ${result.failed})`);
  }

  async function withStack(start: () => Promise<Stack>, body: (s: Stack) => Promise<void>): Promise<void> {
    const stack = await start();
    try {
      await body(stack);
    } finally {
      await stack.stop();
      if (stack.queueName) await deleteKeys(redis, `bull:${stack.queueName}:*`);
    }
  }

  const has = (s: string) => opts.scenarios.includes(s as never);
  try {
    if (has("api")) {
      say("api: the API's HTTP stack with a service that answers at once (diagnostic)");
      await withStack(() => startBaseline("api", settings), (s) => measure(s, 0, [png], [...new Set([1, maxConns])]));
    }
    for (const kind of ["ceiling", "naive"] as const) {
      if (!has(kind)) continue;
      say(`${kind}: one process, ${kind === "ceiling" ? "API stack + worker micro-batcher in process" : "parse, decode, predict one image per request"}`);
      await withStack(() => startBaseline(kind, settings), (s) => measure(s, 0, images, opts.connections));
    }
    if (has("service") || has("batch")) {
      say(`service: API + ${opts.workers} workers`);
      await withStack(() => startQueueStack("service", opts.workers, settings), async (s) => {
        if (has("service")) await measure(s, opts.workers, images, opts.connections);
        if (has("batch")) {
          if (!has("service") && opts.warmup > 0) await load(s, opts.workers, png, 16, opts.warmup, false);
          await batch(s, opts.workers);
        }
      });
    }
    if (has("noop")) {
      say(`noop floor: API + ${opts.workers} no-op workers`);
      await withStack(() => startQueueStack("noop", opts.workers, settings), async (s) => {
        await measure(s, opts.workers, [png], [...new Set([1, maxConns])]);
        await batch(s, opts.workers);
      });
    }
    if (has("scaling") && opts.workers !== 1) {
      say("scaling: API + 1 worker");
      await withStack(() => startQueueStack("service", 1, settings), async (s) => {
        await measure(s, 1, [png], [maxConns]);
        await batch(s, 1);
      });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
    await redis.quit().catch(() => undefined);
  }

  const { ratios, targets } = summarise(loads, batches, opts.workers, maxConns);
  const report: BenchReport = {
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? "unknown",
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      os: `${process.platform} ${release()}`,
      loadAvgAtStart: loadavg(),
      redisPid: rPid,
    },
    options: { ...opts, model: settings.modelPath, logLevel: settings.logLevel, wrk },
    images: images.map((p) => ({ name: p.image.name, bytes: p.image.bytes.length, label: p.image.label, sanity: sanity[p.image.name] ?? {} })),
    loads,
    batches,
    ratios,
    targets,
  };
  say("");
  if (loads.length) say(loadTable(loads));
  if (batches.length) say(`\n${batchTable(batches)}`);
  if (Object.keys(ratios).length) say(`\n${table(["ratio", "value"], Object.entries(ratios).map(([k, v]) => [k, String(v)]))}`);
  if (targets.length) say(`\n${table(["target", "measured", "met"], targets.map((t) => [t.target, t.measured, t.met ? "yes" : "NO"]))}`);
  const out = opts.out ? resolve(opts.out) : join(repo, "bench/results/latest.json");
  mkdirSync(join(out, ".."), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  say(`\nwrote ${out}`);
}

try {
  await main(parseBenchArgs(process.argv.slice(2)));
} catch (err) {
  if (err instanceof UsageError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
}
