// `node bench/dist/report-md.js [bench/results/latest.json]`: the tables of a
// bench run as Markdown, for BENCHMARKS.md.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cpuPerUnit, type BenchReport } from "./report.js";
import { repoRoot } from "./setup.js";

const file = process.argv[2] ?? join(repoRoot, "bench/results/latest.json");
const r = JSON.parse(readFileSync(file, "utf8")) as BenchReport;
const md = (header: string[], rows: string[][]) =>
  [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((x) => `| ${x.join(" | ")} |`)].join("\n");
const f = (x: number | null | undefined, d = 1) => (x === null || x === undefined ? "—" : x.toFixed(d));
const out: string[] = [];

out.push(`Run ${r.startedAt} → ${r.finishedAt}; ${String(r.machine.cpus)} × ${String(r.machine.cpuModel)}, ${String(r.machine.memoryGiB)} GiB, ${String(r.machine.node)}, ${String(r.machine.os)}; load average at start ${(r.machine.loadAvgAtStart as number[]).map((x) => x.toFixed(2)).join(" / ")}; model ${String(r.options.model).split("/").pop()}; ${String(r.options.duration)} s per load run.`);
out.push("");
out.push(
  md(
    ["system", "workers", "image", "conns", "req/s", "p50 ms", "p99 ms", "errors", "mean batch", "queue wait ms", "CPU ms/req: API", "workers", "Redis", "wrk", "machine"],
    r.loads.map((l) => {
      const c = cpuPerUnit(l.cpu, l.result.requests);
      const queued = l.system === "service" || l.system === "noop";
      return [
        l.system,
        queued ? String(l.workers) : "—",
        l.image,
        String(l.connections),
        f(l.result.rps, 0),
        f(l.result.latencyMs.p50, 2),
        f(l.result.latencyMs.p99, 2),
        String(l.result.errors),
        f(l.meanBatch, 1),
        f(l.meanQueueWaitMs, 2),
        f(c.api, 3),
        queued ? f(c.workers, 3) : "—",
        f(c.redis, 3),
        f(c.wrk, 3),
        f(c.machine, 3),
      ];
    }),
  ),
);
if (r.batches.length) {
  out.push("");
  out.push(
    md(
      ["system", "workers", "images", "seconds", "enqueue s", "images/s", "failed", "CPU ms/image: API", "workers", "Redis", "machine"],
      r.batches.map((b) => {
        const c = cpuPerUnit(b.cpu, b.result.images);
        return [b.system, String(b.workers), String(b.result.images), f(b.result.seconds, 2), f(b.result.enqueueSeconds, 2), String(b.result.imagesPerSecond), String(b.result.failed), f(c.api, 3), f(c.workers, 3), f(c.redis, 3), f(c.machine, 3)];
      }),
    ),
  );
}
out.push("");
out.push(md(["ratio", "value"], Object.entries(r.ratios).map(([k, v]) => [k, String(v)])));
out.push("");
out.push(md(["target", "measured", "met"], r.targets.map((t) => [t.target, t.measured, t.met ? "yes" : "**no**"])));
out.push("");
out.push(md(["image", "bytes", "label", "sanity (answer per system)"], r.images.map((i) => [i.name, String(i.bytes), String(i.label), Object.entries(i.sanity).map(([k, v]) => `${k}: ${v}`).join(", ")])));
process.stdout.write(`${out.join("\n")}\n`);
