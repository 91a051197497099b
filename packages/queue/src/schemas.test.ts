import { test } from "node:test";
import assert from "node:assert/strict";
import { acceptedJobDataSchema, MAX_ITEMS_PER_JOB, predictJobDataSchema, resultMessageSchema } from "./schemas.js";

const item = {
  recordId: "abc",
  index: 0,
  filename: "a.png",
  mimeType: "image/png",
  image: { at: "inline", base64: "iVBORw0KGgo=" },
};
const good = { v: 2, enqueuedAt: 1, items: [item] };

test("job data from a producer of this contract validates", () => {
  assert.equal(predictJobDataSchema.safeParse(good).success, true);
  assert.equal(predictJobDataSchema.safeParse({ ...good, items: [item, { ...item, index: 1, image: { at: "key", key: "k", bytes: 5 } }] }).success, true);
});

test("job data of another version or shape is refused", () => {
  assert.equal(predictJobDataSchema.safeParse({ ...good, v: 1 }).success, false);
  assert.equal(predictJobDataSchema.safeParse({ ...good, items: [] }).success, false);
  assert.equal(predictJobDataSchema.safeParse({ ...good, items: [{ ...item, index: -1 }] }).success, false);
  assert.equal(predictJobDataSchema.safeParse({ ...good, items: [{ ...item, image: { at: "url", href: "http://x" } }] }).success, false);
  assert.equal(predictJobDataSchema.safeParse({ ...good, items: Array(MAX_ITEMS_PER_JOB + 1).fill(item) }).success, false);
  assert.equal(predictJobDataSchema.safeParse({ v: 1, ...item, enqueuedAt: 1 }).success, false, "a version-1 job");
  assert.equal(predictJobDataSchema.safeParse(null).success, false);
});

test("a worker reads a job queued by a version-1 producer as a v2 job of one image", () => {
  const v1 = { v: 1, ...item, enqueuedAt: 5, replyTo: "chan", requestId: "r1" };
  const parsed = acceptedJobDataSchema.safeParse(v1);
  assert.equal(parsed.success, true);
  assert.deepEqual(parsed.data, { v: 2, enqueuedAt: 5, items: [{ ...item, replyTo: "chan", requestId: "r1" }] });
  assert.deepEqual(acceptedJobDataSchema.safeParse(good).data, good, "v2 passes unchanged");
  assert.equal(acceptedJobDataSchema.safeParse({ v: 1, ...item }).success, false, "v1 without enqueuedAt");
  assert.equal(acceptedJobDataSchema.safeParse({ v: 3, enqueuedAt: 1, items: [item] }).success, false);
});

test("a result message needs a job id and a well-formed outcome", () => {
  assert.equal(resultMessageSchema.safeParse({ jobId: "j", outcome: { ok: true, prediction: { digit: "7", confidence: 1, probabilities: [1] } } }).success, true);
  assert.equal(resultMessageSchema.safeParse({ jobId: "j", outcome: { ok: true, prediction: { digit: "77", confidence: 1, probabilities: [] } } }).success, false);
  assert.equal(resultMessageSchema.safeParse({ jobId: "j", outcome: { ok: false } }).success, false);
});
