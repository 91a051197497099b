import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp, postFiles, type ErrorBody } from "../test-app.js";
import { digitPng, pngBomb } from "../test-png.js";

const png = digitPng();

test("POST /predict answers 200 with the digit, confidence, ten probabilities and the jobId", async () => {
  const { app, service } = buildTestApp();
  const res = await postFiles(app, "/predict", [{ filename: "seven.png", bytes: png }]);
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.digit, "7");
  assert.equal(typeof body.confidence, "number");
  assert.equal(body.probabilities.length, 10);
  assert.match(body.jobId, /^fakejob/);
  assert.equal(service.predicted.length, 1);
  assert.equal(service.predicted[0]!.filename, "seven.png");
  assert.equal(service.predicted[0]!.mimeType, "image/png", "the API tells the worker what it sniffed");
  assert.deepEqual(Buffer.from(service.predicted[0]!.bytes), png, "the bytes arrive unchanged");
});

test("POST /predict/ with a trailing slash is the same route", async () => {
  const { app } = buildTestApp();
  const res = await postFiles(app, "/predict/", [{ bytes: png }]);
  assert.equal(res.status, 200);
});

test("a worker's image error maps through the one code table (CORRUPT_IMAGE→415, BLANK_IMAGE→422)", async () => {
  for (const [code, status] of [["CORRUPT_IMAGE", 415], ["BLANK_IMAGE", 422], ["UNSUPPORTED_FORMAT", 415], ["IMAGE_TOO_LARGE", 422], ["EMPTY_IMAGE", 415]] as const) {
    const { app } = buildTestApp({
      service: { outcome: (_i, jobId) => ({ kind: "failed", jobId, error: { code, message: "from worker" } }) },
    });
    const res = await postFiles(app, "/predict", [{ bytes: png }]);
    assert.equal(res.status, status, code);
    const body = (await res.json()) as ErrorBody;
    assert.equal(body.error.code, code);
    assert.match(body.error.jobId ?? "", /^fakejob/);
  }
});

test("an unknown worker code becomes a 500 INTERNAL without leaking details beyond the message", async () => {
  const { app } = buildTestApp({
    service: { outcome: (_i, jobId) => ({ kind: "failed", jobId, error: { code: "WEIRD", message: "x" } }) },
  });
  const res = await postFiles(app, "/predict", [{ bytes: png }]);
  assert.equal(res.status, 500);
  assert.equal(((await res.json()) as ErrorBody).error.code, "INTERNAL");
});

test("no answer in time gives 504 TIMEOUT with the jobId to poll", async () => {
  const { app } = buildTestApp({ service: { outcome: (_i, jobId) => ({ kind: "timeout", jobId }) } });
  const res = await postFiles(app, "/predict", [{ bytes: png }]);
  assert.equal(res.status, 504);
  const body = (await res.json()) as ErrorBody;
  assert.equal(body.error.code, "TIMEOUT");
  assert.match(body.error.jobId!, /^fakejob/);
  assert.match(body.error.message, /GET \/jobs\//);
});

test("more waiting jobs than MAX_QUEUE_DEPTH gives 429 QUEUE_FULL with Retry-After, and nothing is enqueued", async () => {
  const { app, service } = buildTestApp({ service: { waiting: 11 }, config: { MAX_QUEUE_DEPTH: 10 } });
  const res = await postFiles(app, "/predict", [{ bytes: png }]);
  assert.equal(res.status, 429);
  assert.equal(res.headers.get("retry-after"), "1");
  assert.equal(((await res.json()) as ErrorBody).error.code, "QUEUE_FULL");
  assert.equal(service.predicted.length, 0);
});

test("a queue exactly at MAX_QUEUE_DEPTH still accepts", async () => {
  const { app } = buildTestApp({ service: { waiting: 10 }, config: { MAX_QUEUE_DEPTH: 10 } });
  assert.equal((await postFiles(app, "/predict", [{ bytes: png }])).status, 200);
});

test("Redis unreachable gives 503 SERVICE_UNAVAILABLE, not 500", async () => {
  const { app } = buildTestApp({ service: { failWith: new Error("connect ECONNREFUSED 127.0.0.1:6379") } });
  const res = await postFiles(app, "/predict", [{ bytes: png }]);
  assert.equal(res.status, 503);
  const body = (await res.json()) as ErrorBody;
  assert.equal(body.error.code, "SERVICE_UNAVAILABLE");
  assert.match(body.error.message, /ECONNREFUSED/);
});

test("no live worker gives 503 with the readiness reason", async () => {
  const { app, service } = buildTestApp({
    service: { readiness: { ready: false, workers: [], reasons: ["no worker with a loaded model is alive"] } },
  });
  const res = await postFiles(app, "/predict", [{ bytes: png }]);
  assert.equal(res.status, 503);
  assert.match(((await res.json()) as ErrorBody).error.message, /no worker/);
  assert.equal(service.predicted.length, 0);
});

test("a 20,000×20,000 PNG bomb gets 422 IMAGE_TOO_LARGE from its header, before it is enqueued", async () => {
  const { app, service } = buildTestApp();
  const bomb = pngBomb();
  assert.ok(bomb.length < 1_000_000, `the bomb is small on the wire (${bomb.length} bytes)`);
  const res = await postFiles(app, "/predict", [{ filename: "bomb.png", bytes: bomb }]);
  assert.equal(res.status, 422);
  const body = (await res.json()) as ErrorBody;
  assert.equal(body.error.code, "IMAGE_TOO_LARGE");
  assert.match(body.error.message, /400000000/);
  assert.equal(service.predicted.length, 0);
});

test("two files in POST /predict are refused with 400 pointing at POST /jobs", async () => {
  const { app, service } = buildTestApp();
  const res = await postFiles(app, "/predict", [{ bytes: png }, { bytes: png }]);
  assert.equal(res.status, 400);
  assert.match(((await res.json()) as ErrorBody).error.message, /POST \/jobs/);
  assert.equal(service.predicted.length, 0);
});

test("with API_KEYS set, /predict needs a key (Bearer or x-api-key); a wrong key is 401", async () => {
  const { app } = buildTestApp({ config: { API_KEYS: ["k-one", "k-two"] } });
  const none = await postFiles(app, "/predict", [{ bytes: png }]);
  assert.equal(none.status, 401);
  assert.equal(((await none.json()) as ErrorBody).error.code, "UNAUTHORIZED");
  assert.equal((await postFiles(app, "/predict", [{ bytes: png }], { authorization: "Bearer nope" })).status, 401);
  assert.equal((await postFiles(app, "/predict", [{ bytes: png }], { authorization: "Bearer k-two" })).status, 200);
  assert.equal((await postFiles(app, "/predict", [{ bytes: png }], { "x-api-key": "k-one" })).status, 200);
});

test("each POST /predict is reported to metrics with its route, status and upload bytes", async () => {
  const { app, observed } = buildTestApp();
  await postFiles(app, "/predict", [{ bytes: png }]);
  await postFiles(app, "/predict/", [{ bytes: png }]);
  assert.equal(observed.length, 2);
  for (const o of observed) {
    assert.equal(o.route, "/predict");
    assert.equal(o.method, "POST");
    assert.equal(o.status, 200);
    assert.equal(o.uploadBytes, png.length);
    assert.ok(o.seconds > 0 && o.seconds < 5);
  }
});
