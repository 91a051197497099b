import { test } from "node:test";
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { createLogger } from "@repo/logger";
import { createApp } from "../create-app.js";
import { FakePredictionService } from "../test-fake-service.js";
import { formOf, testSniff } from "../test-app.js";
import { digitPng } from "../test-png.js";

test("each request logs one JSON line with requestId, status and, for /predict, the jobId", async () => {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(l));
      cb();
    },
  });
  const logger = createLogger("api-test", { level: "info", destination });
  const app = createApp({ service: new FakePredictionService(), sniffImage: testSniff, logger });
  const res = await app.request("/predict", { method: "POST", body: formOf([{ bytes: digitPng() }]), headers: { "x-request-id": "req-42" } });
  assert.equal(res.status, 200);
  const { jobId } = await res.json();
  await new Promise((r) => setImmediate(r));
  const line = lines.find((l) => l.msg === "request");
  assert.ok(line, JSON.stringify(lines));
  assert.equal(line.requestId, "req-42");
  assert.equal(line.jobId, jobId);
  assert.equal(line.status, 200);
  assert.equal(line.path, "/predict");
  assert.equal(typeof line.ms, "number");
});
