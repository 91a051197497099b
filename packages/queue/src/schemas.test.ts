import { test } from "node:test";
import assert from "node:assert/strict";
import { predictJobDataSchema, resultMessageSchema } from "./schemas.js";

const good = {
  v: 1,
  recordId: "abc",
  index: 0,
  filename: "a.png",
  mimeType: "image/png",
  image: { at: "inline", base64: "iVBORw0KGgo=" },
  enqueuedAt: 1,
};

test("job data from a producer of this contract validates", () => {
  assert.equal(predictJobDataSchema.safeParse(good).success, true);
  assert.equal(predictJobDataSchema.safeParse({ ...good, image: { at: "key", key: "k", bytes: 5 } }).success, true);
});

test("job data of another version or shape is refused", () => {
  assert.equal(predictJobDataSchema.safeParse({ ...good, v: 2 }).success, false);
  assert.equal(predictJobDataSchema.safeParse({ ...good, index: -1 }).success, false);
  assert.equal(predictJobDataSchema.safeParse({ ...good, image: { at: "url", href: "http://x" } }).success, false);
  assert.equal(predictJobDataSchema.safeParse(null).success, false);
});

test("a result message needs a job id and a well-formed outcome", () => {
  assert.equal(resultMessageSchema.safeParse({ jobId: "j", outcome: { ok: true, prediction: { digit: "7", confidence: 1, probabilities: [1] } } }).success, true);
  assert.equal(resultMessageSchema.safeParse({ jobId: "j", outcome: { ok: true, prediction: { digit: "77", confidence: 1, probabilities: [] } } }).success, false);
  assert.equal(resultMessageSchema.safeParse({ jobId: "j", outcome: { ok: false } }).success, false);
});
