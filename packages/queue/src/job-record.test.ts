import { test } from "node:test";
import assert from "node:assert/strict";
import { recordFields, recordToView } from "./job-record.js";

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

const ok = (digit: string) => ({ ok: true, prediction: { digit, confidence: 0.9, probabilities: [] } });
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
