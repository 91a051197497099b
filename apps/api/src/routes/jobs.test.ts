import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp, postFiles, type ErrorBody } from "../test-app.js";
import { badInputs, digitPng } from "../test-png.js";

const png = digitPng();

test("POST /jobs answers 202 with id, queued, total and statusUrl, keeping upload order and names", async () => {
  const { app, service } = buildTestApp();
  const parts = Array.from({ length: 5 }, (_, i) => ({ filename: `d${i}.png`, bytes: png }));
  const res = await postFiles(app, "/jobs", parts);
  assert.equal(res.status, 202);
  const body = await res.json();
  assert.equal(body.status, "queued");
  assert.equal(body.total, 5);
  assert.equal(body.statusUrl, `/jobs/${body.id}`);
  assert.equal(res.headers.get("location"), body.statusUrl);
  assert.deepEqual(service.batches.get(body.id)!.map((i) => i.filename), ["d0.png", "d1.png", "d2.png", "d3.png", "d4.png"]);
});

test("bad files stay in the batch, marked as non-images, so results keep their index", async () => {
  const { app, service } = buildTestApp();
  const bad = badInputs();
  const res = await postFiles(app, "/jobs", [
    { filename: "good.png", bytes: png },
    { filename: "b.txt", bytes: bad.text },
    { filename: "empty.png", bytes: bad.empty },
  ]);
  assert.equal(res.status, 202);
  const { id } = await res.json();
  assert.deepEqual(service.batches.get(id)!.map((i) => i.mimeType), ["image/png", "application/octet-stream", "application/octet-stream"]);
  const view = await (await app.request(`/jobs/${id}`)).json();
  assert.equal(view.total, 3);
  assert.equal(view.failed, 2);
  assert.equal(view.results[1].filename, "b.txt");
  assert.equal(view.results[1].error.code, "UNSUPPORTED_FORMAT");
});

test("MAX_BATCH_FILES files are accepted and one more is 413 TOO_MANY_FILES", async () => {
  const { app, service } = buildTestApp({ config: { MAX_BATCH_FILES: 3 } });
  assert.equal((await postFiles(app, "/jobs", Array(3).fill({ bytes: png }))).status, 202);
  const res = await postFiles(app, "/jobs", Array(4).fill({ bytes: png }));
  assert.equal(res.status, 413);
  assert.equal(((await res.json()) as ErrorBody).error.code, "TOO_MANY_FILES");
  assert.equal(service.batches.size, 1);
});

test("a batch over MAX_BATCH_BYTES in total is 413 even when each file is under the per-file limit", async () => {
  const { app } = buildTestApp({ config: { MAX_BATCH_BYTES: 1000, MAX_UPLOAD_BYTES: 600 } });
  const res = await postFiles(app, "/jobs", [{ bytes: new Uint8Array(500) }, { bytes: new Uint8Array(500) }, { bytes: new Uint8Array(500) }]);
  assert.equal(res.status, 413);
  assert.equal(((await res.json()) as ErrorBody).error.code, "PAYLOAD_TOO_LARGE");
});

test("POST /jobs with no file is 400 MISSING_FILE", async () => {
  const { app } = buildTestApp();
  const res = await postFiles(app, "/jobs", [{ field: "files", bytes: png }]);
  assert.equal(res.status, 400);
  assert.equal(((await res.json()) as ErrorBody).error.code, "MISSING_FILE");
});

test("GET /jobs/:id is 404 NOT_FOUND for an unknown id and 400 for a malformed one", async () => {
  const { app } = buildTestApp();
  const unknown = await app.request("/jobs/AAAAAAAAAAAAAAAAAAAAAA");
  assert.equal(unknown.status, 404);
  assert.equal(((await unknown.json()) as ErrorBody).error.code, "NOT_FOUND");
  const malformed = await app.request("/jobs/..%2F..%2Fetc");
  assert.equal(malformed.status, 400);
  assert.equal(((await malformed.json()) as ErrorBody).error.code, "BAD_REQUEST");
});

test("GET /jobs/:id is 503 when the queue is unreachable", async () => {
  const { app } = buildTestApp({ service: { failWith: new Error("Connection is closed.") } });
  const res = await app.request("/jobs/AAAAAAAAAAAAAAAAAAAAAA");
  assert.equal(res.status, 503);
});

test("with API_KEYS set, /jobs and /jobs/:id need a key but /healthz does not", async () => {
  const { app } = buildTestApp({ config: { API_KEYS: ["secret"] } });
  assert.equal((await postFiles(app, "/jobs", [{ bytes: png }])).status, 401);
  assert.equal((await app.request("/jobs/AAAAAAAAAAAAAAAAAAAAAA")).status, 401);
  assert.equal((await app.request("/jobs/AAAAAAAAAAAAAAAAAAAAAA", { headers: { "x-api-key": "secret" } })).status, 404);
  assert.equal((await app.request("/healthz")).status, 200);
});
