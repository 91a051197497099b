// `npm run soak`: minutes of steady load on the service (API + workers),
// sampling every few seconds each process's RSS, heap and event-loop lag, the
// workers' live tfjs tensors, and Redis memory and key count. Writes a CSV
// and reports growth after warm-up.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseSoakArgs, UsageError, type SoakOptions } from "./cli-args.js";
import { mnistPng } from "./images.js";
import { buildMultipartBody } from "./multipart-body.js";
import { firstMetric, metricValue } from "./prom-text.js";
import { countKeys, deleteKeys, redisMemory } from "./redis-probe.js";
import { table } from "./report.js";
import { pickModel, repoRoot, requireRedis, requireWrk } from "./setup.js";
import { growth, toCsv, type SeriesGrowth } from "./soak-stats.js";
import { startQueueStack } from "./stack.js";
import { runWrk, writeWrkScript } from "./wrk.js";

const say = (s: string) => process.stdout.write(`${s}\n`);
/** Names the worker's live-tensor gauge may have (see BENCHMARKS.md: proposed to @repo/metrics). */
const TENSOR_METRICS = ["worker_tfjs_tensors", "tfjs_tensors", "tfjs_num_tensors"];

function rssMb(pid: number): number | null {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Math.round(Number(m[1]) / 102.4) / 10 : null;
  } catch {
    return null;
  }
}

async function scrape(port: number): Promise<string> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(3_000) });
    return res.ok ? await res.text() : "";
  } catch {
    return "";
  }
}

const mb = (x: number | null) => (x === null ? null : Math.round((x / 2 ** 20) * 10) / 10);
const ms = (s: number | null) => (s === null ? null : Math.round(s * 1e5) / 100);

async function main(opts: SoakOptions): Promise<void> {
  const wrk = requireWrk();
  const { url: redisUrl, redis } = await requireRedis();
  const settings = { redisUrl, modelPath: pickModel(opts.model), logLevel: process.env.LOG_LEVEL ?? "warn" };
  const seconds = Math.round(opts.minutes * 60);
  say(`soak: ${opts.minutes} min at ${opts.connections} connections, API + ${opts.workers} workers, sample every ${opts.interval} s, warm-up ${opts.warmupSeconds} s, RESULT_TTL_SECONDS=${opts.resultTtl}`);

  const work = mkdtempSync(join(tmpdir(), "digit-soak-"));
  const image = mnistPng();
  const { body, contentType } = buildMultipartBody([{ field: "file", filename: image.filename, contentType: image.contentType, bytes: image.bytes }]);
  writeFileSync(join(work, "body"), body);
  const script = join(work, "soak.lua");
  writeWrkScript(script, join(work, "body"), contentType);

  const stack = await startQueueStack("service", opts.workers, settings, { RESULT_TTL_SECONDS: String(opts.resultTtl) });
  const pattern = `bull:${stack.queueName}:*`;
  const rows: Record<string, number | string | null>[] = [];
  const t0 = performance.now();
  let sampling = true;
  let loadDone = false;
  const sampler = (async () => {
    while (sampling) {
      const tS = Math.round((performance.now() - t0) / 1000);
      const row: Record<string, number | string | null> = {
        t_s: tS,
        phase: loadDone ? "after" : tS < opts.warmupSeconds ? "warmup" : "load",
      };
      const procs = [
        { tag: "api", pid: stack.pids.api[0]!, port: stack.metricsPorts.api[0]! },
        ...stack.pids.workers.map((pid, i) => ({ tag: `w${i + 1}`, pid, port: stack.metricsPorts.workers[i]! })),
      ];
      let requests: number | null = null;
      for (const p of procs) {
        const text = await scrape(p.port);
        row[`${p.tag}_rss_mb`] = rssMb(p.pid);
        row[`${p.tag}_heap_used_mb`] = mb(metricValue(text, "nodejs_heap_size_used_bytes"));
        row[`${p.tag}_lag_p99_ms`] = ms(metricValue(text, "nodejs_eventloop_lag_p99_seconds"));
        if (p.tag === "api") requests = metricValue(text, "api_requests_total");
        else row[`${p.tag}_tensors`] = firstMetric(text, TENSOR_METRICS)?.value ?? null;
      }
      row.api_requests = requests;
      const mem = await redisMemory(redis).catch(() => null);
      row.redis_used_mb = mem ? mb(mem.used) : null;
      row.queue_keys = await countKeys(redis, pattern).catch(() => null);
      rows.push(row);
      say(`  ${Object.entries(row).map(([k, v]) => `${k}=${v ?? "-"}`).join(" ")}`);
      await new Promise((r) => setTimeout(r, opts.interval * 1000));
    }
  })();

  let loadResult;
  try {
    loadResult = await runWrk({ wrk, url: `${stack.url}/predict`, script, connections: opts.connections, seconds });
    loadDone = true;
    // Two more samples with no load: does memory come back down?
    await new Promise((r) => setTimeout(r, opts.interval * 2000 + 500));
  } finally {
    sampling = false;
    await sampler;
    await stack.stop();
    await deleteKeys(redis, pattern).catch(() => undefined);
    await redis.quit().catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  }

  const steady = rows.filter((r) => r.phase === "load");
  const columns = Object.keys(rows[0] ?? {}).filter((c) => c !== "t_s" && c !== "phase" && c !== "api_requests");
  const num = (x: unknown) => (typeof x === "number" ? x : NaN);
  const growths = columns
    .map((c) => growth(c, steady.map((r) => num(r.t_s)), steady.map((r) => num(r[c]))))
    .filter((g): g is SeriesGrowth => g !== null);
  const idle = rows.filter((r) => r.phase === "after").at(-1);

  const verdicts: { check: string; measured: string; met: boolean | null }[] = [];
  const rss = growths.filter((g) => g.column.endsWith("_rss_mb"));
  const worst = rss.reduce<SeriesGrowth | null>((a, g) => (a === null || (g.growthPct ?? 0) > (a.growthPct ?? 0) ? g : a), null);
  if (worst) {
    verdicts.push({
      check: "RSS growth after warm-up < 5 % (median of last vs first third)",
      measured: `${worst.growthPct} % (${worst.column}; trend ${worst.trendPct} %; after the load: ${idle?.[worst.column] ?? "-"} MB)`,
      met: (worst.growthPct ?? 0) < 5,
    });
  }
  const tensors = growths.filter((g) => g.column.endsWith("_tensors"));
  verdicts.push(
    tensors.length
      ? { check: "constant tfjs tensor count", measured: tensors.map((g) => `${g.column} ${g.min}..${g.max}`).join(", "), met: tensors.every((g) => g.distinct === 1) }
      : { check: "constant tfjs tensor count", measured: `n/a: no ${TENSOR_METRICS.join("/")} gauge in the worker's /metrics`, met: null },
  );
  const keys = growths.find((g) => g.column === "queue_keys");
  if (keys) {
    // Records live RESULT_TTL_SECONDS and BullMQ keeps 1000 finished jobs, so the
    // key count follows the request rate, not the elapsed time.
    const rate = loadResult ? loadResult.rps : 0;
    const bound = Math.round(rate * opts.resultTtl * 1.5 + 2 * 1000 + 100);
    verdicts.push({
      check: "bounded queue keys (≈ rate × RESULT_TTL_SECONDS + kept jobs)",
      measured: `${keys.min}..${keys.max} keys (bound ${bound} at ${rate} req/s), growth ${keys.growthPct} %, trend ${keys.trendPct} %`,
      met: keys.max <= bound,
    });
  }
  const redisMem = growths.find((g) => g.column === "redis_used_mb");
  if (redisMem) {
    verdicts.push({
      check: "bounded Redis memory (median growth < 10 %)",
      measured: `${redisMem.min}..${redisMem.max} MB, growth ${redisMem.growthPct} %, trend ${redisMem.trendPct} % (shared Redis: other users' tests count too)`,
      met: Math.abs(redisMem.growthPct ?? 0) < 10,
    });
  }

  const dir = join(repoRoot, "bench/results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "soak-latest.csv"), toCsv(rows));
  writeFileSync(
    join(dir, "soak-latest.json"),
    `${JSON.stringify({ finishedAt: new Date().toISOString(), options: { ...opts, model: settings.modelPath }, load: loadResult, growth: growths, verdicts }, null, 2)}\n`,
  );
  say("");
  say(`load: ${loadResult.rps} req/s, p50 ${loadResult.latencyMs.p50} ms, p99 ${loadResult.latencyMs.p99} ms, ${loadResult.requests} requests, errors ${loadResult.errors}`);
  say(
    table(
      ["series (under load, after warm-up)", "first", "last", "min", "max", "growth %", "trend %", "after load"],
      growths.map((g) => [g.column, String(g.first), String(g.last), String(g.min), String(g.max), String(g.growthPct), String(g.trendPct), String(idle?.[g.column] ?? "-")]),
    ),
  );
  say("");
  say(table(["check", "measured", "met"], verdicts.map((v) => [v.check, v.measured, v.met === null ? "n/a" : v.met ? "yes" : "NO"])));
  say(`\nwrote ${join(dir, "soak-latest.csv")} and soak-latest.json`);
}

try {
  await main(parseSoakArgs(process.argv.slice(2)));
} catch (err) {
  if (err instanceof UsageError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`soak failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
}
