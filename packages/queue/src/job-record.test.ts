import { test } from "node:test";
import assert from "node:assert/strict";
import { Redis } from "ioredis";
import { ensureSingleRecord, recordFields, recordOutcome, recordToView } from "./job-record.js";
import type { ItemOutcome } from "./schemas.js";
import { REDIS_URL, uniqueQueueName } from "./test-helpers.js";

function hashOf(total: number, items: Record<number, unknown>, names = Array.from({ length: total }, (_, i) => `f${i}.png`)): Record<string, string> {
  const fields = recordFields({ total, names });
  const hash: Record<string, string> = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v)]));
  let done = 0;
  let failed = 0;
  for (const [i, v] of Object.entries(items)) {
    hash[`i:${i}`] = typeof v === "string" ? v : JSON.stringify(v);
    if ((v as { ok?: boolean }).ok) done++;
    else failed++;
  }
  return { ...hash, done: String(done), failed: String(failed) };
}

const ok = (digit: string): ItemOutcome => ({ ok: true, prediction: { digit, confidence: 0.9, probabilities: [] } });
const bad = (code: string) => ({ ok: false, error: { code, message: code.toLowerCase() } });

test("an empty hash is an unknown or expired record", () => {
  assert.equal(recordToView("x", {}, false), null);
});

test("status moves from queued to running to completed as items finish", () => {
  assert.equal(recordToView("x", hashOf(3, {}), false)?.status, "queued");
  assert.equal(recordToView("x", hashOf(1, {}), true)?.status, "running");
  assert.equal(recordToView("x", hashOf(3, { 1: ok("4") }), false)?.status, "running");
  assert.equal(recordToView("x", hashOf(3, { 0: ok("1"), 1: bad("CORRUPT_IMAGE"), 2: ok("3") }), false)?.status, "completed");
  assert.equal(recordToView("x", hashOf(2, { 0: bad("EMPTY_IMAGE"), 1: bad("EMPTY_IMAGE") }), false)?.status, "failed");
});

test("results come in upload order with their file names, errors per file", () => {
  const view = recordToView("x", hashOf(3, { 2: ok("9"), 0: bad("CORRUPT_IMAGE") }, ["a.png", "b.txt", "c.png"]), false)!;
  assert.deepEqual(view.results, [
    { index: 0, filename: "a.png", error: { code: "CORRUPT_IMAGE", message: "corrupt_image" } },
    { index: 2, filename: "c.png", digit: "9", confidence: 0.9, probabilities: [] },
  ]);
  assert.equal(view.done, 1);
  assert.equal(view.failed, 1);
  assert.equal(view.total, 3);
});

test("a corrupt stored result is reported as an error, not thrown", () => {
  const view = recordToView("x", { ...hashOf(1, {}), "i:0": "{not json", failed: "1" }, false)!;
  assert.ok("error" in view.results[0]!);
});

test("a single prediction's record has the same fields whether the worker, the API's 504 path or recordFields makes it", async () => {
  const redis = new Redis(REDIS_URL);
  const base = uniqueQueueName("record-fields");
  const [byWorker, byApi] = [`${base}:w`, `${base}:a`];
  try {
    const createdAt = 1_700_000_000_000;
    await recordOutcome(redis, {
      recordKey: byWorker, index: 0, outcome: ok("7"), ttlSeconds: 60, jobId: "j1",
      single: { filename: "seven.png", createdAt },
    });
    await ensureSingleRecord(redis, byApi, { filename: "seven.png", createdAt, bullJobId: "b1", ttlSeconds: 60 });
    const worker = await redis.hgetall(byWorker);
    const api = await redis.hgetall(byApi);
    const ts = Object.fromEntries(Object.entries(recordFields({ total: 1, names: ["seven.png"] })).map(([k, v]) => [k, String(v)]));
    const initial = (h: Record<string, string>) => Object.keys(h).filter((k) => !k.startsWith("i:") && k !== "job").sort();
    assert.deepEqual(initial(worker), initial(ts));
    assert.deepEqual(initial(api), initial(ts));
    for (const h of [worker, api]) {
      assert.equal(h.total, ts.total);
      assert.equal(h.names, ts.names);
      assert.equal(h.createdAt, String(createdAt));
      assert.equal(h.failed, "0");
    }
    assert.equal(worker.done, "1");
    assert.equal(api.done, "0");
    assert.equal(api.job, "b1");
    // Both read back as the same job, apart from its progress.
    assert.equal(recordToView("j1", worker, false)?.status, "completed");
    assert.equal(recordToView("j1", api, false)?.status, "queued");
  } finally {
    await redis.del(byWorker, byApi);
    redis.disconnect();
  }
});
