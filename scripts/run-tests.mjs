#!/usr/bin/env node
// Runs every `*.test.ts` beside the code with node's own test runner, through
// tsx, resolving workspace packages to their TypeScript sources
// ("development" export condition), so tests never run against a stale build.
// Usage: node scripts/run-tests.mjs [path-filter ...]
import { spawn } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const roots = ["apps", "packages", "bench", "scripts"];
const skip = new Set(["node_modules", "dist", ".turbo", ".data"]);

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    if (skip.has(name)) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith(".test.ts") || name.endsWith(".test.mjs")) out.push(relative(root, p));
  }
  return out;
}

const filters = process.argv.slice(2);
const files = roots
  .flatMap((r) => { try { return walk(join(root, r), []); } catch { return []; } })
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error("no test files matched");
  process.exit(1);
}
const child = spawn(
  process.execPath,
  ["--conditions=development", "--import", "tsx", "--test", "--test-concurrency=1", ...files],
  { cwd: root, stdio: "inherit", env: { ...process.env, NODE_ENV: process.env.NODE_ENV ?? "test" } },
);
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
