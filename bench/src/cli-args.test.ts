import { test } from "node:test";
import assert from "node:assert/strict";
import { parseBenchArgs, parseSoakArgs, SCENARIOS, UsageError } from "./cli-args.js";

test("no arguments run every scenario for 10 s at 1, 16 and 64 connections with 10,000 batch images", () => {
  const o = parseBenchArgs([]);
  assert.deepEqual(o.scenarios, [...SCENARIOS]);
  assert.equal(o.duration, 10);
  assert.deepEqual(o.connections, [1, 16, 64]);
  assert.equal(o.batchImages, 10_000);
  assert.equal(o.workers, 2);
});

test("a subset of scenarios keeps the suite's order, and both option spellings work", () => {
  const o = parseBenchArgs(["--scenario", "service,ceiling", "--duration=3", "--connections", "64,1"]);
  assert.deepEqual(o.scenarios, ["ceiling", "service"]);
  assert.equal(o.duration, 3);
  assert.deepEqual(o.connections, [1, 64]);
});

test("an unknown scenario, a bad number or an unknown option is a usage error naming it", () => {
  assert.throws(() => parseBenchArgs(["--scenario", "fast"]), (e: unknown) => e instanceof UsageError && /unknown fast/.test(e.message));
  assert.throws(() => parseBenchArgs(["--duration", "0"]), /--duration must be an integer from 1/);
  assert.throws(() => parseBenchArgs(["--connections", "8,x"]), /--connections/);
  assert.throws(() => parseBenchArgs(["--colour", "red"]), /unknown option --colour/);
  assert.throws(() => parseBenchArgs(["--duration"]), /--duration needs a value/);
});

test("soak defaults to ten minutes and takes fractional minutes", () => {
  assert.equal(parseSoakArgs([]).minutes, 10);
  const o = parseSoakArgs(["--minutes", "0.5", "--interval", "2"]);
  assert.equal(o.minutes, 0.5);
  assert.equal(o.interval, 2);
  assert.equal(o.warmupSeconds, 15, "half of a run too short to cover the result TTL");
});

test("the soak's warm-up outlasts one and a half result TTLs when the run allows, so Redis is measured at its plateau", () => {
  assert.equal(parseSoakArgs([]).warmupSeconds, 120);
  assert.equal(parseSoakArgs(["--minutes", "3"]).warmupSeconds, 90);
  assert.equal(parseSoakArgs(["--minutes", "20", "--result-ttl", "200"]).warmupSeconds, 300);
  assert.equal(parseSoakArgs(["--minutes", "3", "--warmup", "10"]).warmupSeconds, 10);
});

test("--env passes NAME=value pairs to the processes under test and refuses anything else", () => {
  assert.deepEqual(parseBenchArgs(["--env", "BATCH_WINDOW_MS=0,MAX_BATCH_SIZE=64"]).env, { BATCH_WINDOW_MS: "0", MAX_BATCH_SIZE: "64" });
  assert.deepEqual(parseBenchArgs([]).env, {});
  assert.throws(() => parseBenchArgs(["--env", "lower=1"]), /NAME=value/);
});
