// The API against the real Redis and a real worker process running the
// fixture model: the contract's bad-input table, parity with @repo/model on
// 200 MNIST samples, and a 1,000-image batch polled to completion.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { badInputs, digitPng, encodeGreyPng, pngBomb } from "./test-png.js";
import { mnistPngs } from "./test-mnist-png.js";
import { FIXTURE_MODEL, fixtureSkip, postFiles, REDIS_URL, repoRoot, spawnApp, startSystem, type TestSystem } from "./test-system.js";

const skip = fixtureSkip();
let sys: TestSystem;

before(async () => {
  if (!skip) sys = await startSystem({ workers: 1 });
});
after(async () => {
  await sys?.stop();
});

async function errorOf(res: Response): Promise<{ status: number; code: string; body: string }> {
  const body = await res.text();
  let code = "";
  try {
    code = JSON.parse(body).error?.code ?? "";
  } catch {
    // not JSON: the assertion below shows the body
  }
  return { status: res.status, code, body };
}

test("the bad-input table over real HTTP gets the contract's statuses; no 5xx, no process dies", { skip, timeout: 120_000 }, async () => {
  const bad = badInputs();
  const png = digitPng();
  const form = (parts: [string, Uint8Array, string][]) => {
    const f = new FormData();
    for (const [field, bytes, name] of parts) f.append(field, new Blob([bytes as Uint8Array<ArrayBuffer>]), name);
    return f;
  };
  const big = new Uint8Array(60 * 1024 * 1024);
  const cases: [string, () => Promise<Response>, number, string][] = [
    ["no file", () => fetch(`${sys.url}/predict`, { method: "POST", body: new FormData() }), 400, "MISSING_FILE"],
    ["empty file", () => postFiles(`${sys.url}/predict`, [{ bytes: bad.empty, filename: "e.png" }]), 415, "EMPTY_IMAGE"],
    ["a text file", () => postFiles(`${sys.url}/predict`, [{ bytes: bad.text, filename: "a.txt" }]), 415, "UNSUPPORTED_FORMAT"],
    ["a truncated PNG", () => postFiles(`${sys.url}/predict`, [{ bytes: bad.truncatedPng, filename: "t.png" }]), 415, "CORRUPT_IMAGE"],
    ["a PNG header with garbage", () => postFiles(`${sys.url}/predict`, [{ bytes: bad.pngHeaderGarbage, filename: "g.png" }]), 415, "CORRUPT_IMAGE"],
    ["a 60 MB upload", () => postFiles(`${sys.url}/predict`, [{ bytes: big, filename: "big.png" }]), 413, "PAYLOAD_TOO_LARGE"],
    [
      "a 60 MB upload streamed without Content-Length",
      () => {
        let sent = 0;
        const head = new TextEncoder().encode('--b\r\nContent-Disposition: form-data; name="file"; filename="big.png"\r\n\r\n');
        const body = new ReadableStream<Uint8Array>({
          pull(c) {
            if (sent === 0) c.enqueue(head);
            if (sent >= big.length) return c.close();
            sent += 1 << 20;
            c.enqueue(new Uint8Array(1 << 20));
          },
        });
        return fetch(`${sys.url}/predict`, { method: "POST", body, duplex: "half", headers: { "content-type": "multipart/form-data; boundary=b" } } as RequestInit);
      },
      413,
      "PAYLOAD_TOO_LARGE",
    ],
    ["a 20,000×20,000 PNG bomb", () => postFiles(`${sys.url}/predict`, [{ bytes: pngBomb(), filename: "bomb.png" }]), 422, "IMAGE_TOO_LARGE"],
    ["a blank image", () => postFiles(`${sys.url}/predict`, [{ bytes: encodeGreyPng(28, 28, () => 0), filename: "blank.png" }]), 422, "BLANK_IMAGE"],
    ["the wrong field name", () => fetch(`${sys.url}/predict`, { method: "POST", body: form([["image", png, "a.png"]]) }), 400, "MISSING_FILE"],
    [
      "JSON instead of multipart",
      () => fetch(`${sys.url}/predict`, { method: "POST", body: JSON.stringify({ file: "x" }), headers: { "content-type": "application/json" } }),
      400,
      "BAD_REQUEST",
    ],
    ["2,000 files in one batch", () => fetch(`${sys.url}/jobs`, { method: "POST", body: form(Array.from({ length: 2000 }, (_, i) => ["file", png, `${i}.png`])) }), 413, "TOO_MANY_FILES"],
  ];
  for (const [name, send, status, code] of cases) {
    let res: Response;
    try {
      res = await send();
    } catch (err) {
      throw new Error(`${name}: ${(err as Error).message}: ${String((err as Error).cause)}`);
    }
    const got = await errorOf(res);
    assert.equal(got.status, status, `${name}: ${got.body.slice(0, 300)}`);
    assert.equal(got.code, code, `${name}: ${got.body.slice(0, 300)}`);
    assert.doesNotMatch(got.body, /\n\s+at /, `${name}: no stack trace`);
  }
  for (const p of [sys.api, ...sys.workers]) assert.ok(p.alive(), `${p.name} still running`);
  const ok = await postFiles(`${sys.url}/predict`, [{ bytes: png, filename: "after.png" }]);
  assert.equal(ok.status, 200, "still serving after the bad inputs");
});

test("200 MNIST samples through POST /predict give exactly the digits of the same model via @repo/model", { skip, timeout: 180_000 }, async () => {
  const samples = await mnistPngs(200);
  const { loadDigitModel } = await import("@repo/model");
  const model = await loadDigitModel({ path: join(repoRoot, FIXTURE_MODEL) });
  try {
    const direct: string[] = [];
    for (const s of samples) {
      const [row] = await model.predict([await model.decode(s.png)]);
      direct.push(String(row!.indexOf(Math.max(...row!))));
    }
    const viaApi: string[] = new Array(samples.length);
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < samples.length) {
          const i = next++;
          const res = await postFiles(`${sys.url}/predict`, [{ bytes: samples[i]!.png, filename: `${i}.png` }]).catch((err: Error) => {
            throw new Error(`sample ${i}: ${err.message}: ${String(err.cause)}`);
          });
          const body = await res.json();
          assert.equal(res.status, 200, JSON.stringify(body));
          assert.equal(body.probabilities.length, 10);
          viaApi[i] = body.digit;
        }
      }),
    );
    assert.deepEqual(viaApi, direct);
    const correct = samples.filter((s, i) => Number(viaApi[i]) === s.label).length;
    assert.ok(correct >= 180, `the fixture model is sane on these samples: ${correct}/200`);
  } finally {
    model.dispose();
  }
});

test("a 1,000-image POST /jobs completes via GET /jobs/:id polling, in upload order with file names kept", { skip, timeout: 180_000 }, async () => {
  const samples = await mnistPngs(1000);
  const res = await postFiles(`${sys.url}/jobs`, samples.map((s, i) => ({ bytes: s.png, filename: `img-${String(i).padStart(4, "0")}.png` })));
  assert.equal(res.status, 202);
  const created = await res.json();
  assert.equal(created.total, 1000);
  assert.equal(created.status, "queued");
  const view = await pollUntilDone(created.statusUrl, 150_000);
  assert.equal(view.status, "completed");
  assert.equal(view.done, 1000);
  assert.equal(view.failed, 0);
  assert.equal(view.results.length, 1000);
  view.results.forEach((r: { index: number; filename: string; digit: string }, i: number) => {
    assert.equal(r.index, i);
    assert.equal(r.filename, `img-${String(i).padStart(4, "0")}.png`);
    assert.match(r.digit, /^[0-9]$/);
  });
  const correct = view.results.filter((r: { digit: string }, i: number) => Number(r.digit) === samples[i]!.label).length;
  assert.ok(correct >= 900, `accuracy through the batch path: ${correct}/1000`);
});

test("a batch with 10 bad files among good ones reports per-file errors and every good file succeeds", { skip, timeout: 120_000 }, async () => {
  const good = await mnistPngs(40);
  const bad = badInputs();
  const badFiles: [string, Uint8Array, string][] = [
    ["b0.txt", bad.text, "UNSUPPORTED_FORMAT"],
    ["b1.png", bad.empty, "EMPTY_IMAGE"],
    ["b2.png", bad.truncatedPng, "CORRUPT_IMAGE"],
    ["b3.png", bad.pngHeaderGarbage, "CORRUPT_IMAGE"],
    ["b4.png", pngBomb(), "IMAGE_TOO_LARGE"],
    ["b5.png", encodeGreyPng(28, 28, () => 0), "BLANK_IMAGE"],
    ["b6.json", Buffer.from('{"a":1}'), "UNSUPPORTED_FORMAT"],
    ["b7.png", bad.text, "UNSUPPORTED_FORMAT"],
    ["b8.png", bad.truncatedPng, "CORRUPT_IMAGE"],
    ["b9.png", bad.empty, "EMPTY_IMAGE"],
  ];
  const files: { bytes: Uint8Array; filename: string }[] = good.map((g, i) => ({ bytes: g.png, filename: `g${i}.png` }));
  const badAt = [0, 3, 7, 12, 18, 22, 29, 33, 41, 49];
  badAt.forEach((pos, k) => files.splice(pos, 0, { bytes: badFiles[k]![1], filename: badFiles[k]![0] }));
  const res = await postFiles(`${sys.url}/jobs`, files);
  assert.equal(res.status, 202);
  const view = await pollUntilDone((await res.json()).statusUrl, 90_000);
  assert.equal(view.total, 50);
  assert.equal(view.failed, 10);
  assert.equal(view.done + view.failed, 50);
  for (const [k, pos] of badAt.entries()) {
    const r = view.results[pos];
    assert.equal(r.filename, badFiles[k]![0]);
    assert.equal(r.error?.code, badFiles[k]![2], `${r.filename}: ${JSON.stringify(r)}`);
  }
  const goods = view.results.filter((_: unknown, i: number) => !badAt.includes(i));
  assert.equal(goods.length, 40);
  for (const r of goods) assert.match(r.digit, /^[0-9]$/, JSON.stringify(r));
});

test("a 504 carries the jobId, and GET /jobs/:jobId then shows the finished prediction", { skip, timeout: 90_000 }, async () => {
  // A second API on the same queue whose timeout is too short for any answer.
  const impatient = spawnApp("api-1ms", "api", { REDIS_URL, QUEUE_NAME: sys.queue, METRICS_PORT: "0", PORT: "0", PREDICT_TIMEOUT_MS: "1" });
  try {
    const { port } = await impatient.waitForLog((l) => l.msg === "listening", 60_000);
    const base = `http://127.0.0.1:${port as number}`;
    const [sample] = await mnistPngs(1);
    let res: Response;
    for (;;) {
      res = await postFiles(`${base}/predict`, [{ bytes: sample!.png, filename: "slow.png" }]);
      if (res.status !== 503) break; // its readiness cache may not have seen the worker yet
      await new Promise((r) => setTimeout(r, 300));
    }
    const body = await res.json();
    assert.equal(res.status, 504, JSON.stringify(body));
    assert.equal(body.error.code, "TIMEOUT");
    assert.ok(body.error.jobId);
    const view = await pollUntilDone(`/jobs/${body.error.jobId}`, 30_000);
    assert.equal(view.status, "completed");
    assert.equal(view.total, 1);
    assert.match(view.results[0].digit, /^[0-9]$/);
  } finally {
    impatient.child.kill("SIGTERM");
    await impatient.exited;
  }
});

test("with Redis unreachable the API stays up: /healthz 200, /readyz and /predict 503, nothing crashes", { timeout: 60_000 }, async () => {
  const api = spawnApp("api-no-redis", "api", { REDIS_URL: "redis://127.0.0.1:1", QUEUE_NAME: "unused", METRICS_PORT: "0", PORT: "0" });
  try {
    const { port } = await api.waitForLog((l) => l.msg === "listening", 60_000);
    const base = `http://127.0.0.1:${port as number}`;
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
    const ready = await fetch(`${base}/readyz`);
    assert.equal(ready.status, 503);
    assert.equal((await ready.json()).redis, false);
    const res = await postFiles(`${base}/predict`, [{ bytes: digitPng(), filename: "d.png" }]);
    assert.equal(res.status, 503);
    assert.equal((await res.json()).error.code, "SERVICE_UNAVAILABLE");
    const job = await fetch(`${base}/jobs/AAAAAAAAAAAAAAAAAAAAAA`);
    assert.equal(job.status, 503);
    assert.ok(api.alive());
  } finally {
    api.child.kill("SIGTERM");
    await api.exited;
  }
});

async function pollUntilDone(statusUrl: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${sys.url}${statusUrl}`);
    assert.equal(res.status, 200);
    const view = await res.json();
    if (view.status === "completed" || view.status === "failed") return view;
    if (Date.now() > deadline) throw new Error(`not done in ${timeoutMs} ms: ${view.done}/${view.total}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
