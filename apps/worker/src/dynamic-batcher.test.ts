import { test } from "node:test";
import assert from "node:assert/strict";
import { DynamicBatcher } from "./dynamic-batcher.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function recording(delayMs = 0) {
  const calls: number[][] = [];
  const run = async (items: number[]) => {
    calls.push([...items]);
    if (delayMs) await sleep(delayMs);
    return items.map((x) => x * 10);
  };
  return { calls, run };
}

test("a lone item runs at once, without waiting for the window", async () => {
  const { calls, run } = recording();
  const b = new DynamicBatcher(run, { windowMs: 1_000 });
  const t0 = performance.now();
  assert.equal(await b.submit(1), 10);
  assert.ok(performance.now() - t0 < 50, "no window wait when nothing else is coming");
  assert.deepEqual(calls, [[1]]);
});

test("items announced together are gathered into one run", async () => {
  const { calls, run } = recording();
  const b = new DynamicBatcher(run, { windowMs: 1_000, maxBatchSize: 8 });
  const tickets = [1, 2, 3].map(() => b.begin());
  const results = await Promise.all(tickets.map((t, i) => sleep(i * 5).then(() => t.submit(i + 1))));
  assert.deepEqual(results, [10, 20, 30]);
  assert.deepEqual(calls, [[1, 2, 3]], "the last arrival completes the batch, no window wait");
});

test("the window bounds how long the first item waits for an announced one", async () => {
  const { calls, run } = recording();
  const b = new DynamicBatcher(run, { windowMs: 20, maxBatchSize: 8 });
  const slow = b.begin();
  const t0 = performance.now();
  const first = await b.submit(1);
  const waited = performance.now() - t0;
  assert.equal(first, 10);
  assert.ok(waited >= 15 && waited < 200, `waited ${waited} ms`);
  slow.cancel();
  assert.deepEqual(calls, [[1]]);
});

test("a batch never exceeds the maximum size", async () => {
  const { calls, run } = recording(5);
  const b = new DynamicBatcher(run, { windowMs: 50, maxBatchSize: 4 });
  const tickets = Array.from({ length: 10 }, () => b.begin());
  const out = await Promise.all(tickets.map((t, i) => t.submit(i)));
  assert.deepEqual(out, Array.from({ length: 10 }, (_, i) => i * 10));
  assert.ok(calls.every((c) => c.length <= 4));
  assert.deepEqual(calls.flat(), Array.from({ length: 10 }, (_, i) => i), "order kept");
  assert.equal(calls[0]!.length, 4, "a full batch runs without waiting for the window");
});

test("items arriving during a run form the next batch", async () => {
  const { calls, run } = recording(30);
  const b = new DynamicBatcher(run, { windowMs: 0, maxBatchSize: 32 });
  const first = b.submit(0);
  await sleep(5);
  const rest = [1, 2, 3].map((x) => b.submit(x));
  await Promise.all([first, ...rest]);
  assert.deepEqual(calls, [[0], [1, 2, 3]]);
});

test("a cancelled announcement stops the batch from waiting", async () => {
  const { calls, run } = recording();
  const b = new DynamicBatcher(run, { windowMs: 10_000 });
  const t1 = b.begin();
  const t2 = b.begin();
  const p = t1.submit(1);
  await sleep(5);
  assert.deepEqual(calls, [], "still waiting for the second");
  t2.cancel();
  assert.equal(await p, 10);
  assert.deepEqual(calls, [[1]]);
});

test("a failed run rejects every item of its batch, and the next batch still runs", async () => {
  let n = 0;
  const b = new DynamicBatcher(async (items: number[]) => {
    if (n++ === 0) throw new Error("boom");
    return items;
  }, { windowMs: 0 });
  await assert.rejects(b.submit(1), /boom/);
  assert.equal(await b.submit(2), 2);
});

test("bad options are refused with a clear message", () => {
  assert.throws(() => new DynamicBatcher(async (x: number[]) => x, { maxBatchSize: 0 }), /maxBatchSize/);
  assert.throws(() => new DynamicBatcher(async (x: number[]) => x, { windowMs: -1 }), /windowMs/);
});
