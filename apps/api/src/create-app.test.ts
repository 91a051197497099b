import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp, formOf, postFiles, type ErrorBody } from "./test-app.js";
import { badInputs, digitPng, pngBomb } from "./test-png.js";

const png = digitPng();
const bad = badInputs();

// The bad-input table of the contract, against the app with a fake queue.
// Codes the API decides itself are asserted exactly; truncated/garbage PNGs
// carry a valid signature, so the API passes them on and the worker's
// CORRUPT_IMAGE (simulated here) maps to 415. The real worker's answers are
// checked in the integration test.
const corruptFromWorker = {
  outcome: (img: { bytes: Uint8Array }, jobId: string) =>
    !Buffer.from(img.bytes).equals(png)
      ? { kind: "failed" as const, jobId, error: { code: "CORRUPT_IMAGE", message: "truncated" } }
      : { kind: "completed" as const, jobId, prediction: { digit: "1", confidence: 0.9, probabilities: Array(10).fill(0.1) } },
};

test("the bad-input table gets the contract's statuses and never a 5xx", async () => {
  const { app } = buildTestApp({ service: corruptFromWorker, config: { MAX_UPLOAD_BYTES: 10 * 1024 * 1024 } });
  const cases: [string, () => Promise<Response>, number, string][] = [
    ["no file", async () => app.request("/predict", { method: "POST", body: formOf([], { note: "x" }) }), 400, "MISSING_FILE"],
    ["empty file", async () => postFiles(app, "/predict", [{ bytes: bad.empty }]), 415, "EMPTY_IMAGE"],
    ["a text file", async () => postFiles(app, "/predict", [{ filename: "a.txt", bytes: bad.text }]), 415, "UNSUPPORTED_FORMAT"],
    ["a truncated PNG", async () => postFiles(app, "/predict", [{ bytes: bad.truncatedPng }]), 415, "CORRUPT_IMAGE"],
    ["a PNG header with garbage", async () => postFiles(app, "/predict", [{ bytes: bad.pngHeaderGarbage }]), 415, "CORRUPT_IMAGE"],
    ["a 60 MB upload", async () => postFiles(app, "/predict", [{ bytes: new Uint8Array(60 * 1024 * 1024) }]), 413, "PAYLOAD_TOO_LARGE"],
    ["a 20,000×20,000 PNG bomb", async () => postFiles(app, "/predict", [{ bytes: pngBomb() }]), 422, "IMAGE_TOO_LARGE"],
    ["the wrong field name", async () => postFiles(app, "/predict", [{ field: "image", bytes: png }]), 400, "MISSING_FILE"],
    [
      "JSON instead of multipart",
      async () => app.request("/predict", { method: "POST", body: JSON.stringify({ file: "iVBOR" }), headers: { "content-type": "application/json" } }),
      400,
      "BAD_REQUEST",
    ],
    ["2,000 files in one batch", async () => postFiles(app, "/jobs", Array.from({ length: 2000 }, () => ({ bytes: png }))), 413, "TOO_MANY_FILES"],
    ["no body at all", async () => app.request("/predict", { method: "POST" }), 400, "BAD_REQUEST"],
    [
      "multipart without a boundary",
      async () => app.request("/predict", { method: "POST", body: "x", headers: { "content-type": "multipart/form-data" } }),
      400,
      "BAD_REQUEST",
    ],
    [
      "a cut-off multipart body",
      async () =>
        app.request("/predict", {
          method: "POST",
          body: '--b\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n\x89PNG',
          headers: { "content-type": "multipart/form-data; boundary=b" },
        }),
      400,
      "BAD_REQUEST",
    ],
  ];
  for (const [name, send, status, code] of cases) {
    const res = await send();
    const body = (await res.json()) as ErrorBody;
    assert.equal(res.status, status, `${name}: ${JSON.stringify(body)}`);
    assert.equal(body.error.code, code, name);
    assert.equal(typeof body.error.message, "string", name);
    assert.ok(body.error.requestId, `${name}: requestId in the body`);
    assert.doesNotMatch(JSON.stringify(body), /\bat .*\.ts:\d+/, `${name}: no stack trace`);
  }
});

test("every response carries x-request-id, and a caller's id is echoed back in header and error body", async () => {
  const { app } = buildTestApp();
  const res = await app.request("/nope", { headers: { "x-request-id": "abc-123" } });
  assert.equal(res.status, 404);
  assert.equal(res.headers.get("x-request-id"), "abc-123");
  const body = (await res.json()) as ErrorBody;
  assert.deepEqual(body.error.code, "NOT_FOUND");
  assert.equal(body.error.requestId, "abc-123");
  const generated = await app.request("/healthz", { headers: { "x-request-id": "bad id with spaces" } });
  assert.match(generated.headers.get("x-request-id")!, /^[0-9a-f-]{36}$/, "an unsafe id is replaced");
});

test("GET /openapi.json documents every route, with multipart bodies and error responses", async () => {
  const { app } = buildTestApp();
  const res = await app.request("/openapi.json");
  assert.equal(res.status, 200);
  const doc = await res.json();
  for (const [path, method] of [["/predict", "post"], ["/jobs", "post"], ["/jobs/{id}", "get"], ["/healthz", "get"], ["/readyz", "get"]] as const) {
    assert.ok(doc.paths[path]?.[method], `${method} ${path} documented`);
  }
  const predict = doc.paths["/predict"].post;
  assert.equal(predict.requestBody.content["multipart/form-data"].schema.$ref ?? "", "#/components/schemas/PredictForm");
  assert.equal(doc.components.schemas.PredictForm.properties.file.format, "binary");
  for (const s of ["200", "400", "413", "415", "422", "429", "503", "504"]) assert.ok(predict.responses[s], `predict documents ${s}`);
  assert.ok(doc.components.securitySchemes.bearerAuth);
});

test("GET /docs serves Swagger UI and GET / serves the drawing page", async () => {
  const { app } = buildTestApp();
  const docs = await app.request("/docs");
  assert.equal(docs.status, 200);
  const docsHtml = await docs.text();
  assert.match(docsHtml, /swagger-ui/i);
  // Swagger UI comes from this server (swagger-ui-dist), never from a CDN.
  assert.doesNotMatch(docsHtml, /(src|href)="(https?:)?\/\//);
  const bundleUrl = /<script src="(\/docs\/assets\/swagger-ui-bundle\.js[^"]*)"/.exec(docsHtml)?.[1];
  assert.ok(bundleUrl, "the page loads the bundle from /docs/assets");
  const bundle = await app.request(bundleUrl);
  assert.equal(bundle.status, 200);
  assert.match(bundle.headers.get("content-type")!, /javascript/);
  assert.match(await bundle.text(), /SwaggerUIBundle/);
  const home = await app.request("/");
  assert.equal(home.status, 200);
  assert.match(home.headers.get("content-type")!, /text\/html/);
  const html = await home.text();
  assert.match(html, /<canvas/);
  assert.match(html, /fetch\("\/predict"/);
});

test("a GET on /predict is 404 in the error shape, not a bare text", async () => {
  const { app } = buildTestApp();
  const res = await app.request("/predict");
  assert.equal(res.status, 404);
  assert.equal(((await res.json()) as ErrorBody).error.code, "NOT_FOUND");
});
