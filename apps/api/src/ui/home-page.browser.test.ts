// The pages in a real browser against the real system: headless Chromium
// (Debian's /usr/bin/chromium, driven by playwright-core) on the drawing page
// and the docs, served by a real API with a real worker and Redis. Drawing is
// done with mouse moves, as a person would; every request the browser makes
// is recorded to prove nothing leaves 127.0.0.1.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { mnistPngs } from "../test-mnist-png.js";
import { deleteQueueKeys, REDIS_URL, repoRoot, spawnApp, type Proc } from "../test-system.js";

const CHROMIUM = "/usr/bin/chromium";
const SHOTS = "/tmp";

/** The shipped model when trained, else the Keras 3 CNN fixture. */
function pickModel(): { path: string } | { skip: string } {
  for (const path of ["model/best_model.keras", "../shared/fixtures/keras/cnn-rescaling-keras3.keras"]) {
    if (existsSync(join(repoRoot, path))) return { path };
  }
  return { skip: "no model: neither model/best_model.keras nor ../shared/fixtures/keras/cnn-rescaling-keras3.keras exists" };
}

function skipReason(): string | false {
  const reasons: string[] = [];
  if (!existsSync(CHROMIUM)) reasons.push(`${CHROMIUM} is missing (apt-get install -y chromium)`);
  const model = pickModel();
  if ("skip" in model) reasons.push(model.skip);
  if (reasons.length === 0) return false;
  if (process.env.CI === "true") throw new Error(`CI: cannot run the browser test: ${reasons.join("; ")}`);
  return reasons.join("; ");
}

const skip = skipReason();
const queue = `test-h9-ui-${Math.random().toString(16).slice(2, 12)}`;
let api: Proc | undefined;
let worker: Proc | undefined;
let browser: Browser | undefined;
let context: BrowserContext;
let base = "";
const requested: string[] = [];
const problems: string[] = [];

before(async () => {
  if (skip) return;
  const model = pickModel() as { path: string };
  const common = { REDIS_URL, QUEUE_NAME: queue, METRICS_PORT: "0" };
  worker = spawnApp("worker", "worker", { ...common, MODEL_PATH: model.path, LOG_LEVEL: "warn" });
  api = spawnApp("api", "api", { ...common, PORT: "0", API_KEYS: "" });
  const [listening, launched] = await Promise.all([
    api.waitForLog((l) => l.msg === "listening", 60_000),
    chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    }),
  ]);
  browser = launched;
  base = `http://127.0.0.1:${listening.port as number}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    const res = await fetch(`${base}/readyz`).catch(() => null);
    if (res?.status === 200) break;
    if (Date.now() > deadline) throw new Error(`system not ready: ${res ? await res.text() : "no answer"}; ${worker.stderr().slice(-1500)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  context = await browser.newContext({ viewport: { width: 1000, height: 720 } });
  context.on("request", (r) => requested.push(r.url()));
  context.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  context.on("weberror", (e) => problems.push(`page error: ${e.error().message}`));
});

after(async () => {
  await browser?.close();
  for (const p of [api, worker]) if (p?.alive()) p.child.kill("SIGTERM");
  await Promise.all([api, worker].map((p) => p?.exited));
  if (!skip) await deleteQueueKeys(queue);
});

/** Draw one stroke through `points` (fractions of the canvas) with real mouse moves. */
async function stroke(page: Page, points: [number, number][]): Promise<void> {
  const box = (await page.locator("#pad").boundingBox())!;
  const at = ([fx, fy]: [number, number]) => [box.x + fx * box.width, box.y + fy * box.height] as const;
  await page.mouse.move(...at(points[0]!));
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: 12 });
  await page.mouse.up();
}

/** Click Predict (or press Enter on it) and wait for the answer or an error. */
async function predict(page: Page, how: "click" | "keyboard" = "click"): Promise<void> {
  if (how === "click") await page.click("#predict");
  else {
    await page.focus("#predict");
    await page.keyboard.press("Enter");
  }
  await page.waitForSelector('#result[data-state="done"], #result[data-state="error"]', { timeout: 30_000 });
}

async function shown(page: Page) {
  return page.evaluate(() => ({
    state: document.getElementById("result")!.dataset.state,
    digit: document.getElementById("digit")!.textContent,
    confidence: document.getElementById("confidence")!.textContent,
    error: document.getElementById("error")!.hidden ? "" : document.getElementById("error")!.textContent,
    bars: Array.from(document.querySelectorAll("#bars li")).map((li) => ({
      width: parseFloat((li.querySelector(".fill") as HTMLElement).style.width) || 0,
      best: li.classList.contains("best"),
      text: li.textContent,
    })),
  }));
}

function textForm(): FormData {
  const form = new FormData();
  form.append("file", new Blob(["not an image"], { type: "text/plain" }), "notes.txt");
  return form;
}

function assertLocal(what: string): void {
  const remote = requested.filter((u) => !/^(data|blob):/.test(u) && new URL(u).hostname !== "127.0.0.1");
  assert.deepEqual(remote, [], `${what}: every request stays on 127.0.0.1`);
  assert.deepEqual(problems, [], `${what}: no console errors or page errors`);
}

test("drawing a 1 and a 7 with the mouse shows the right digit, its confidence and ten probability bars", { skip, timeout: 120_000 }, async (t) => {
  const page = await context.newPage();
  // Playwright does not expose multipart bodies built from Blobs, so keep the last uploaded file in the page.
  await page.addInitScript(() => {
    const send = window.fetch;
    window.fetch = (input, init) => {
      if (init?.body instanceof FormData) (window as unknown as { lastUpload: unknown }).lastUpload = init.body.get("file");
      return send(input, init);
    };
  });
  const uploadSizes: number[] = [];
  await page.goto(`${base}/`);
  await page.screenshot({ path: `${SHOTS}/h9-home-empty.png` });
  const cases: { digit: string; strokes: [number, number][][]; how: "click" | "keyboard" }[] = [
    { digit: "1", strokes: [[[0.52, 0.15], [0.5, 0.5], [0.48, 0.85]]], how: "click" },
    { digit: "7", strokes: [[[0.25, 0.2], [0.75, 0.2], [0.6, 0.5], [0.45, 0.85]]], how: "keyboard" },
  ];
  for (const c of cases) {
    await page.click("#clear");
    assert.equal((await shown(page)).state, "empty");
    for (const s of c.strokes) await stroke(page, s);
    await predict(page, c.how);
    const sent = await page.evaluate(async () => {
      const f = (window as unknown as { lastUpload: Blob }).lastUpload;
      const img = await createImageBitmap(f);
      return { type: f.type, bytes: f.size, width: img.width, height: img.height };
    });
    assert.deepEqual([sent.type, sent.width, sent.height], ["image/png", 140, 140], "the drawing goes out as a 140×140 PNG");
    uploadSizes.push(sent.bytes);
    const got = await shown(page);
    assert.equal(got.state, "done", `${c.digit}: ${got.error}`);
    assert.equal(got.digit, c.digit, `drew a ${c.digit}; bars: ${JSON.stringify(got.bars.map((b) => b.text))}`);
    assert.match(got.confidence!, /^\d{1,3}\.\d %/);
    assert.equal(got.bars.length, 10);
    assert.ok(got.bars[Number(c.digit)]!.best, "the predicted digit's bar is highlighted");
    assert.equal(got.bars.filter((b) => b.best).length, 1);
    const total = got.bars.reduce((s, b) => s + b.width, 0);
    assert.ok(Math.abs(total - 100) < 1, `bar widths are the probabilities (sum ${total} %)`);
    await page.waitForTimeout(300); // let the bars' width transition finish before the picture
    await page.screenshot({ path: `${SHOTS}/h9-home-${c.digit}.png` });
  }
  // On a phone-sized screen the columns stack and nothing scrolls sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), "no horizontal overflow at 390 px");
  await page.screenshot({ path: `${SHOTS}/h9-home-phone.png`, fullPage: true });
  t.diagnostic(`drawing uploads: ${uploadSizes.join(", ")} bytes (140×140 PNG)`);
  assertLocal("drawing page");
  await page.close();
});

test("choosing an image file predicts it, and a non-image shows the API's error message", { skip, timeout: 60_000 }, async () => {
  const page = await context.newPage();
  await page.goto(`${base}/`);
  const [sample] = await mnistPngs(1);
  await page.setInputFiles("#file", { name: "mnist.png", mimeType: "image/png", buffer: sample!.png });
  await page.waitForSelector('#result[data-state="done"], #result[data-state="error"]');
  const ok = await shown(page);
  assert.equal(ok.digit, String(sample!.label), ok.error);
  assert.match(await page.textContent("#source") ?? "", /mnist\.png/);

  await page.setInputFiles("#file", { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("not an image") });
  await page.waitForSelector('#result[data-state="error"]');
  const bad = await shown(page);
  const direct = await fetch(`${base}/predict`, { method: "POST", body: textForm() });
  const { error } = (await direct.json()) as { error: { code: string; message: string } };
  const sentence = error.message[0]!.toUpperCase() + error.message.slice(1);
  assert.equal(bad.error, `${sentence} (UNSUPPORTED_FORMAT, HTTP 415)`, "the JSON error's message, code and status");
  assert.equal(bad.digit, "?");
  assert.ok(bad.bars.every((b) => b.width === 0), "no bars for a failed prediction");
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${SHOTS}/h9-home-error.png` });
  // The browser logs the failed request itself; the page handled it.
  await page.waitForTimeout(100);
  problems.splice(0, problems.length, ...problems.filter((p) => !/status of 415/.test(p)));
  assertLocal("file upload");
  await page.close();
});

test("/docs renders Swagger UI's operations from local assets only", { skip, timeout: 60_000 }, async () => {
  const page = await context.newPage();
  requested.length = 0;
  problems.length = 0;
  await page.goto(`${base}/docs`);
  await page.getByText("/predict", { exact: true }).first().waitFor({ timeout: 20_000 });
  const paths = await page.locator(".opblock-summary-path").allTextContents();
  for (const p of ["/predict", "/jobs", "/jobs/{id}", "/healthz", "/readyz"]) assert.ok(paths.some((t) => t.includes(p)), `${p} in ${paths}`);
  assert.ok(requested.some((u) => u.endsWith("/openapi.json")), "the spec came from /openapi.json");
  assert.ok(requested.some((u) => u.includes("/docs/assets/swagger-ui-bundle.js")), "the bundle came from /docs/assets");
  await page.screenshot({ path: `${SHOTS}/h9-docs.png`, fullPage: true });
  assertLocal("docs");
  await page.close();
});
