// The production entry (main.ts) with a real Keras file from the shared
// fixtures: MNIST digits sent as PNG come back as the right digits.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { encodeGreyPng } from "@repo/model";
import { createPredictionService } from "@repo/queue";
import { deleteQueueKeys, REDIS_URL, uniqueQueueName } from "@repo/queue/testing";
import { spawnWorker } from "./test-spawn-worker.js";

const fixture = fileURLToPath(new URL("../../../../shared/fixtures/keras/seed-mlp-legacy-h5.keras", import.meta.url));
const present = existsSync(fixture);
const skip = !present && process.env.CI !== "true" ? `fixture absent: ${fixture}` : false;
const mnist = createRequire(import.meta.url)("mnist") as { get(i: number): number[] }[];

function mnistPng(digit: number, i: number): Uint8Array {
  const pixels = mnist[digit]!.get(i);
  return encodeGreyPng(Uint8Array.from(pixels, (v) => Math.round(v * 255)), 28, 28);
}

const queueName = uniqueQueueName("realmodel");
after(() => deleteQueueKeys(queueName));

test("the real worker serves a real Keras model: MNIST PNGs come back as their digits, through the fused forward pass", { skip, timeout: 120_000 }, async () => {
  assert.ok(present, `the shared fixture is required on CI: ${fixture}`);
  const w = spawnWorker("main.ts", { REDIS_URL, QUEUE_NAME: queueName, MODEL_PATH: fixture });
  const service = createPredictionService({ redisUrl: REDIS_URL, queueName, resultTtlSeconds: 60 });
  try {
    const listening = await w.waitForLog((l) => l.msg === "metrics server listening", 90_000);
    await w.waitForLog((l) => l.msg === "worker ready", 90_000);
    const ready = await service.readiness();
    assert.equal(ready.ready, true);
    assert.equal(ready.workers[0]?.model.format, "legacy-h5");
    // The MLP is a plain chain of Dense layers: it runs as fused ops, and the metric says so.
    const metrics = await (await fetch(`http://127.0.0.1:${String(listening.port)}/metrics`)).text();
    assert.match(metrics, /model_info\{[^}]*forward_pass="fused"[^}]*\} 1/);
    const images = Array.from({ length: 30 }, (_, k) => ({ digit: k % 10, png: mnistPng(k % 10, Math.floor(k / 10)) }));
    const single = await service.predict({ filename: "seven.png", bytes: mnistPng(7, 5), mimeType: "image/png" }, { timeoutMs: 20_000 });
    assert.ok(single.kind === "completed" && single.prediction.digit === "7", JSON.stringify(single));
    assert.equal(single.kind === "completed" && single.prediction.probabilities.length, 10);
    const { id } = await service.submitBatch(images.map((x, k) => ({ filename: `${k}.png`, bytes: x.png, mimeType: "image/png" })), {});
    let view = await service.getJob(id);
    const deadline = Date.now() + 30_000;
    while (view && view.status !== "completed" && view.status !== "failed" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      view = await service.getJob(id);
    }
    assert.equal(view?.status, "completed");
    const correct = view!.results.filter((r) => "digit" in r && r.digit === String(images[r.index]!.digit)).length;
    assert.ok(correct >= 28, `${correct}/30 correct`);
    w.kill("SIGTERM");
    assert.equal((await w.exited).code, 0);
  } finally {
    w.kill("SIGKILL");
    await service.close();
  }
});
