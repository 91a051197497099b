// The page served at GET /: draw a digit (or drop / choose an image) and see
// what the model says. Plain HTML, CSS and JS in one response, no build step
// and nothing from another origin; it POSTs a PNG or the chosen file to /predict.
//
// The canvas is dark ink on white paper; the server's MNIST normalisation
// (packages/model/src/image/mnist-normalise.ts) finds the polarity, crops and
// centres, so the page only downscales: a 140×140 PNG decodes in about half
// the CPU time of the 280×280 canvas and loses nothing the 28×28 model sees.

/** Content-Security-Policy of GET /: the page may talk to its own origin only. */
export const homeCsp =
  "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' blob: data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

/** The whole page as one HTML string. */
export const homePageHtml = /* html */ `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Digit recognition</title>
<link rel="icon" href="data:,">
<style>
  :root { color-scheme: light dark; --bg: #f6f7f9; --card: #fff; --text: #1d2330; --muted: #5b6575; --line: #d5dae2;
    --accent: #2458d6; --accent-text: #fff; --best: #1e8e4f; --bar: #8aa6e8; --err-bg: #fdecec; --err: #a11d1d; }
  @media (prefers-color-scheme: dark) {
    :root { --bg: #14171c; --card: #1d2128; --text: #e6e9ee; --muted: #9aa4b2; --line: #343a44;
      --accent: #6d95ff; --accent-text: #0c1220; --best: #45c27e; --bar: #4f6aa8; --err-bg: #3a1d1f; --err: #ffb4b4; }
  }
  * { box-sizing: border-box; }
  body { margin: 0; background: var(--bg); color: var(--text); font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  .wrap { max-width: 820px; margin: 0 auto; padding: 1.5rem 1rem 2rem; }
  h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
  h2 { font-size: 1rem; margin: 0 0 .75rem; color: var(--muted); font-weight: 600; text-transform: uppercase; letter-spacing: .04em; }
  .lead { margin: 0 0 1.25rem; color: var(--muted); }
  .grid { display: grid; grid-template-columns: minmax(0, 300px) minmax(0, 1fr); gap: 1.25rem; }
  @media (max-width: 640px) { .grid { grid-template-columns: minmax(0, 1fr); } }
  .card { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 1rem; }
  .pad-wrap { position: relative; border-radius: 8px; outline: 2px dashed transparent; outline-offset: 3px; }
  .pad-wrap.over { outline-color: var(--accent); }
  canvas { display: block; width: 100%; max-width: 280px; aspect-ratio: 1; background: #fff; border: 1px solid var(--line);
    border-radius: 8px; touch-action: none; cursor: crosshair; }
  .hint { position: absolute; inset: 0; max-width: 280px; display: grid; place-items: center; margin: 0; color: #8a93a3;
    pointer-events: none; text-align: center; padding: 1rem; }
  .hint[hidden] { display: none; }
  .buttons { display: grid; grid-template-columns: 1fr 1fr; gap: .5rem; margin-top: .75rem; max-width: 280px; }
  #choose { grid-column: 1 / -1; }
  button { font: inherit; padding: .45rem 1rem; border-radius: 8px; border: 1px solid var(--line); background: var(--card); color: var(--text); cursor: pointer; }
  button.primary { background: var(--accent); border-color: var(--accent); color: var(--accent-text); font-weight: 600; }
  button:hover { filter: brightness(.96); }
  button:focus-visible, input:focus-visible, summary:focus-visible, a:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
  button:disabled { opacity: .6; cursor: progress; }
  .sub { margin: .6rem 0 0; font-size: .85rem; color: var(--muted); }
  details { margin-top: .9rem; font-size: .9rem; color: var(--muted); }
  details label { display: block; margin: .4rem 0 .2rem; }
  details input { font: inherit; width: 100%; padding: .35rem .5rem; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); color: var(--text); }
  .answer { display: flex; align-items: baseline; gap: 1rem; min-height: 5.5rem; }
  #digit { font-size: 4.5rem; font-weight: 700; line-height: 1; min-width: 1ch; font-variant-numeric: tabular-nums; }
  #confidence { color: var(--muted); }
  #result[data-state="loading"] #digit { opacity: .35; }
  #result[data-state="empty"] #digit, #result[data-state="error"] #digit { color: var(--line); }
  ol#bars { list-style: none; margin: .5rem 0 0; padding: 0; display: grid; gap: .3rem; }
  #bars li { display: grid; grid-template-columns: 1.2ch 1fr 4.2rem; align-items: center; gap: .6rem; font-variant-numeric: tabular-nums; }
  #bars .track { height: .9rem; background: var(--bg); border: 1px solid var(--line); border-radius: 4px; overflow: hidden; }
  #bars .fill { display: block; height: 100%; width: 0; background: var(--bar); transition: width .25s ease; }
  #bars li.best { font-weight: 700; }
  #bars li.best .fill { background: var(--best); }
  #bars .pct { text-align: right; color: var(--muted); font-size: .9rem; }
  #error { margin-top: .9rem; padding: .6rem .8rem; border-radius: 8px; background: var(--err-bg); color: var(--err); white-space: pre-wrap; }
  #error[hidden] { display: none; }
  .sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
  footer { margin-top: 1.25rem; font-size: .9rem; color: var(--muted); }
  a { color: var(--accent); }
</style>
</head>
<body>
<div class="wrap">
<header>
  <h1>Handwritten digit recognition</h1>
  <p class="lead">Draw one digit (0–9) in the white box with a mouse, pen or finger, or drop or choose an image file.</p>
</header>
<main class="grid">
  <section class="card" aria-labelledby="input-title">
    <h2 id="input-title">Your digit</h2>
    <div class="pad-wrap" id="drop">
      <canvas id="pad" width="280" height="280" role="img" aria-label="Drawing area: draw a digit here, or drop an image file"></canvas>
      <p class="hint" id="hint">Draw a digit here<br>or drop an image</p>
    </div>
    <div class="buttons">
      <button type="button" id="predict" class="primary">Predict</button>
      <button type="button" id="clear">Clear</button>
      <button type="button" id="choose">Choose a file…</button>
      <input type="file" id="file" accept="image/*,.tif,.tiff" class="sr-only" tabindex="-1" aria-hidden="true">
    </div>
    <p class="sub" id="source" aria-live="polite"></p>
    <details id="auth">
      <summary>API key</summary>
      <label for="key">Only needed when the server sets API_KEYS</label>
      <input id="key" type="password" autocomplete="off" spellcheck="false">
    </details>
  </section>
  <section class="card" id="result" data-state="empty" aria-labelledby="result-title">
    <h2 id="result-title">Prediction</h2>
    <div class="answer">
      <output id="digit" for="pad" aria-label="predicted digit">?</output>
      <span id="confidence">Nothing predicted yet</span>
    </div>
    <ol id="bars" aria-label="Probability of each digit"></ol>
    <div id="error" role="alert" hidden></div>
    <p id="status" class="sr-only" role="status"></p>
  </section>
</main>
<footer><a href="/docs">API docs</a> · <a href="/openapi.json">OpenAPI document</a> · <a href="/readyz">Readiness</a></footer>
</div>
<script>
"use strict";
const $ = (id) => document.getElementById(id);
const pad = $("pad"), ctx = pad.getContext("2d");
const result = $("result"), bars = $("bars"), keyInput = $("key");
const SEND_SIDE = 140; // the canvas is downscaled to this before upload
let drawing = false, dirty = false, file = null, timer = null, seq = 0;

try { keyInput.value = localStorage.getItem("apiKey") || ""; } catch {}
keyInput.addEventListener("change", () => { try { localStorage.setItem("apiKey", keyInput.value); } catch {} });

// Ten rows exist from the start, so the layout does not jump on the first answer.
const rows = Array.from({ length: 10 }, (_, d) => {
  const li = document.createElement("li");
  li.innerHTML = '<span class="d"></span><span class="track" aria-hidden="true"><span class="fill"></span></span><span class="pct">–</span>';
  li.querySelector(".d").textContent = d;
  bars.append(li);
  return li;
});

function resetPad() {
  ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, pad.width, pad.height);
  ctx.strokeStyle = "#111"; ctx.fillStyle = "#111"; ctx.lineWidth = 18; ctx.lineCap = "round"; ctx.lineJoin = "round";
}
resetPad();

function point(e) {
  const r = pad.getBoundingClientRect();
  return [(e.clientX - r.left) * (pad.width / r.width), (e.clientY - r.top) * (pad.height / r.height)];
}
pad.addEventListener("pointerdown", (e) => {
  if (e.button !== 0) return;
  e.preventDefault();
  clearTimeout(timer);
  if (file) { file = null; resetPad(); $("source").textContent = ""; }
  drawing = true; dirty = true; $("hint").hidden = true;
  pad.setPointerCapture(e.pointerId);
  const [x, y] = point(e);
  ctx.beginPath(); ctx.arc(x, y, ctx.lineWidth / 2, 0, Math.PI * 2); ctx.fill();
  ctx.beginPath(); ctx.moveTo(x, y);
});
pad.addEventListener("pointermove", (e) => {
  if (!drawing) return;
  for (const ev of e.getCoalescedEvents ? e.getCoalescedEvents() : [e]) ctx.lineTo(...point(ev));
  ctx.stroke(); ctx.beginPath(); ctx.moveTo(...point(e));
});
function endStroke() {
  if (!drawing) return;
  drawing = false;
  // Predict once the hand rests, so multi-stroke digits (4, 7) are not judged half-drawn.
  timer = setTimeout(predict, 400);
}
pad.addEventListener("pointerup", endStroke);
pad.addEventListener("pointercancel", endStroke);

$("clear").addEventListener("click", () => {
  clearTimeout(timer); seq++;
  file = null; dirty = false; resetPad(); $("source").textContent = "";
  $("hint").hidden = false; $("hint").innerHTML = "Draw a digit here<br>or drop an image";
  showEmpty();
});
$("predict").addEventListener("click", () => { clearTimeout(timer); predict(); });
$("choose").addEventListener("click", () => $("file").click());
$("file").addEventListener("change", (e) => { if (e.target.files[0]) useFile(e.target.files[0]); e.target.value = ""; });

// The whole page takes a dropped file, so a near miss does not open it in the tab.
const drop = $("drop");
document.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
document.addEventListener("dragleave", (e) => { if (!e.relatedTarget) drop.classList.remove("over"); });
document.addEventListener("drop", (e) => {
  e.preventDefault(); drop.classList.remove("over");
  const f = e.dataTransfer && e.dataTransfer.files[0];
  if (f) useFile(f);
});

function useFile(f) {
  clearTimeout(timer);
  file = f; dirty = false; resetPad(); $("hint").hidden = true;
  $("source").textContent = "File: " + f.name + " (" + (f.size < 1024 ? f.size + " bytes" : Math.round(f.size / 1024) + " KB") + ")";
  // Preview what is sent; formats the browser cannot show (TIFF) are still sent.
  const url = URL.createObjectURL(f), img = new Image();
  img.onload = () => {
    const s = Math.min(pad.width / img.width, pad.height / img.height);
    const w = img.width * s, h = img.height * s;
    if (file === f) ctx.drawImage(img, (pad.width - w) / 2, (pad.height - h) / 2, w, h);
    URL.revokeObjectURL(url);
  };
  img.onerror = () => { if (file === f) { $("hint").hidden = false; $("hint").textContent = "No preview for this file"; } URL.revokeObjectURL(url); };
  img.src = url;
  predict();
}

function canvasPng() {
  const small = document.createElement("canvas");
  small.width = small.height = SEND_SIDE;
  const c = small.getContext("2d");
  c.imageSmoothingEnabled = true; c.imageSmoothingQuality = "high";
  c.drawImage(pad, 0, 0, SEND_SIDE, SEND_SIDE);
  return new Promise((resolve) => small.toBlob(resolve, "image/png"));
}

async function predict() {
  if (!file && !dirty) { showError("Draw a digit or choose an image first."); return; }
  const mine = ++seq;
  setState("loading");
  $("status").textContent = "Predicting…";
  const started = performance.now();
  try {
    const form = new FormData();
    if (file) form.append("file", file, file.name);
    else form.append("file", await canvasPng(), "drawing.png");
    const headers = keyInput.value ? { authorization: "Bearer " + keyInput.value } : {};
    const res = await fetch("/predict", { method: "POST", body: form, headers });
    const body = await res.json().catch(() => null);
    if (mine !== seq) return; // a newer request or a Clear came in meanwhile
    if (!res.ok) {
      const e = body && body.error;
      let msg = e && e.message ? e.message[0].toUpperCase() + e.message.slice(1) + " (" + e.code + ", HTTP " + res.status + ")" : "The server answered HTTP " + res.status + " " + res.statusText + ".";
      if (res.status === 401) { msg += "\\nEnter an API key below."; $("auth").open = true; }
      showError(msg);
      return;
    }
    showPrediction(body, performance.now() - started);
  } catch (err) {
    if (mine === seq) showError("Could not reach the server: " + (err && err.message ? err.message : err));
  }
}

function setState(s) {
  result.dataset.state = s;
  result.setAttribute("aria-busy", String(s === "loading"));
  $("predict").disabled = s === "loading";
}

function showEmpty() {
  setState("empty");
  $("digit").textContent = "?"; $("confidence").textContent = "Nothing predicted yet";
  $("error").hidden = true; $("status").textContent = "";
  rows.forEach((li) => paintRow(li, null, false));
}

function showError(message) {
  setState("error");
  $("digit").textContent = "?"; $("confidence").textContent = "";
  rows.forEach((li) => paintRow(li, null, false));
  $("error").textContent = message; $("error").hidden = false;
}

function showPrediction(p, ms) {
  setState("done");
  $("error").hidden = true;
  $("digit").textContent = p.digit;
  const pct = (p.confidence * 100).toFixed(1) + " %";
  $("confidence").textContent = pct + " confident · " + Math.round(ms) + " ms";
  rows.forEach((li, d) => paintRow(li, p.probabilities[d], String(d) === p.digit));
  $("status").textContent = "Predicted digit " + p.digit + ", " + pct + " confident";
}

function paintRow(li, v, best) {
  li.classList.toggle("best", best);
  li.querySelector(".fill").style.width = v == null ? "0" : (v * 100).toFixed(1) + "%";
  li.querySelector(".pct").textContent = v == null ? "–" : (v * 100).toFixed(1) + " %";
}
</script>
</body>
</html>
`;
