import { test } from "node:test";
import assert from "node:assert/strict";
import { Coalescer } from "./coalescer.js";

test("items added in one event-loop turn leave in one flush, and each learns its result", async () => {
  const flushed: number[][] = [];
  const c = new Coalescer<number, string>(async (items) => {
    flushed.push(items);
    return `job${flushed.length}`;
  }, 64);
  const first = await Promise.all([c.add(1), c.add(2), c.add(3)]);
  const later = await c.add(4);
  assert.deepEqual(flushed, [[1, 2, 3], [4]]);
  assert.deepEqual(first, ["job1", "job1", "job1"]);
  assert.equal(later, "job2");
});

test("a full group leaves at once, without waiting for the end of the turn", async () => {
  const flushed: number[][] = [];
  const c = new Coalescer<number, number>(async (items) => (flushed.push(items), items.length), 2);
  const all = [c.add(1), c.add(2)];
  assert.deepEqual(flushed, [[1, 2]], "flushed synchronously on the second add");
  all.push(c.add(3));
  assert.deepEqual(await Promise.all(all), [2, 2, 1]);
  assert.deepEqual(flushed, [[1, 2], [3]]);
});

test("a failed flush rejects every item of its group, and the next group still goes", async () => {
  let calls = 0;
  const c = new Coalescer<number, string>(async () => {
    if (++calls === 1) throw new Error("redis down");
    return "ok";
  }, 8);
  const results = await Promise.allSettled([c.add(1), c.add(2)]);
  assert.deepEqual(results.map((r) => r.status), ["rejected", "rejected"]);
  assert.equal(await c.add(3), "ok");
});

test("a coalescer refuses a group size below one", () => {
  assert.throws(() => new Coalescer(async () => 0, 0), RangeError);
});
