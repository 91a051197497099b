import { test } from "node:test";
import assert from "node:assert/strict";
import { growth, toCsv } from "./soak-stats.js";

const t = (n: number) => Array.from({ length: n }, (_, i) => i * 5);

test("a steady climb shows as growth between thirds and as a trend", () => {
  const g = growth("rss", t(9), [100, 101, 102, 103, 104, 105, 106, 107, 108])!;
  assert.ok(Math.abs(g.growthPct! - 5.94) < 0.01, String(g.growthPct));
  assert.ok(g.trendPct! > 7, String(g.trendPct));
});

test("a garbage-collection saw-tooth around a flat level has no growth and almost no trend", () => {
  const g = growth("heap", t(12), [100, 140, 100, 140, 100, 140, 100, 140, 100, 140, 100, 140])!;
  assert.equal(g.growthPct, 0);
  assert.ok(Math.abs(g.trendPct!) < 15, String(g.trendPct));
  assert.equal(g.max, 140);
});

test("a constant series has one distinct value; an empty one has no growth; CSV leaves missing cells empty", () => {
  assert.equal(growth("tensors", t(4), [7, 7, 7, 7])!.distinct, 1);
  assert.equal(growth("x", [], []), null);
  assert.equal(toCsv([{ t: 1, a: null }, { t: 2, a: 3 }]), "t,a\n1,\n2,3\n");
});
