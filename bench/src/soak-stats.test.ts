import { test } from "node:test";
import assert from "node:assert/strict";
import { growth, toCsv } from "./soak-stats.js";

test("a steadily growing series reports its growth between the first and last windows", () => {
  const g = growth("rss", [100, 100, 100, 105, 110, 110, 110])!;
  assert.equal(g.growthPct, 10);
  assert.equal(g.min, 100);
  assert.equal(g.max, 110);
});

test("a plateaued series grows in the first half only, and a constant one has one distinct value", () => {
  const g = growth("keys", [10, 20, 30, 40, 40, 40, 40, 40])!;
  assert.equal(g.secondHalfGrowthPct, 0);
  assert.ok(g.growthPct! > 0);
  assert.equal(growth("tensors", [7, 7, 7, 7])!.distinct, 1);
});

test("an empty series has no growth; CSV leaves missing cells empty", () => {
  assert.equal(growth("x", []), null);
  assert.equal(toCsv([{ t: 1, a: null }, { t: 2, a: 3 }]), "t,a\n1,\n2,3\n");
});
