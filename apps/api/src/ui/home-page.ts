// The page served at GET /: draw a digit (or drop an image) and see what the
// model says. Plain HTML and JS, no build step; it POSTs a PNG to /predict.

/** The whole page as one HTML string. */
export const homePageHtml = /* html */ `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Digit recognition</title>
<style>
  body { font: 16px/1.4 system-ui, sans-serif; max-width: 760px; margin: 2rem auto; padding: 0 1rem; color: #222; }
  h1 { font-size: 1.4rem; }
  .row { display: flex; gap: 2rem; flex-wrap: wrap; align-items: flex-start; }
  canvas { background: #000; border-radius: 6px; touch-action: none; cursor: crosshair; }
  #drop { border: 2px dashed #aaa; border-radius: 6px; padding: .6rem; margin-top: .6rem; text-align: center; color: #666; width: 256px; }
  #drop.over { border-color: #36c; color: #36c; }
  button { font: inherit; padding: .3rem .9rem; margin-right: .4rem; }
  #digit { font-size: 4rem; font-weight: 700; line-height: 1; }
  .bar { display: flex; align-items: center; gap: .4rem; font-family: ui-monospace, monospace; }
  .bar span:first-child { width: 1ch; }
  .bar div { height: 14px; background: #36c; border-radius: 2px; min-width: 1px; }
  .bar.best div { background: #2a2; }
  #error { color: #b00; white-space: pre-wrap; }
  small, a { color: #666; }
</style>
</head>
<body>
<h1>Handwritten digit recognition</h1>
<div class="row">
  <div>
    <canvas id="pad" width="280" height="280"></canvas>
    <div><button id="clear">Clear</button><button id="send">Recognise</button></div>
    <div id="drop">or drop an image here / <label><u>choose a file</u><input id="pick" type="file" accept="image/*" hidden></label></div>
    <p><small>API key (only if the server sets API_KEYS): <input id="key" size="14"></small></p>
  </div>
  <div>
    <div>Digit: <span id="digit">–</span></div>
    <div id="conf"></div>
    <div id="bars"></div>
    <div id="error"></div>
  </div>
</div>
<p><small><a href="/docs">API docs</a> · <a href="/openapi.json">OpenAPI</a> · <a href="/readyz">readiness</a></small></p>
<script>
const pad = document.getElementById("pad"), ctx = pad.getContext("2d");
const keyInput = document.getElementById("key");
keyInput.value = localStorage.getItem("apiKey") || "";
keyInput.onchange = () => localStorage.setItem("apiKey", keyInput.value);
function clearPad() { ctx.fillStyle = "#000"; ctx.fillRect(0, 0, pad.width, pad.height); }
clearPad();
ctx.strokeStyle = "#fff"; ctx.lineWidth = 20; ctx.lineCap = "round"; ctx.lineJoin = "round";
let drawing = false, dirty = false, timer = null;
function pos(e) { const r = pad.getBoundingClientRect(); return [e.clientX - r.left, e.clientY - r.top]; }
pad.addEventListener("pointerdown", (e) => { drawing = true; pad.setPointerCapture(e.pointerId); ctx.beginPath(); ctx.moveTo(...pos(e)); ctx.lineTo(...pos(e)); ctx.stroke(); dirty = true; });
pad.addEventListener("pointermove", (e) => { if (!drawing) return; ctx.lineTo(...pos(e)); ctx.stroke(); });
pad.addEventListener("pointerup", () => { drawing = false; clearTimeout(timer); timer = setTimeout(sendCanvas, 250); });
document.getElementById("clear").onclick = () => { clearPad(); dirty = false; show(null); };
document.getElementById("send").onclick = sendCanvas;
function sendCanvas() { if (dirty) pad.toBlob((b) => send(b, "canvas.png"), "image/png"); }
const drop = document.getElementById("drop");
drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => { e.preventDefault(); drop.classList.remove("over"); const f = e.dataTransfer.files[0]; if (f) send(f, f.name); });
document.getElementById("pick").onchange = (e) => { const f = e.target.files[0]; if (f) send(f, f.name); };
async function send(blob, name) {
  const form = new FormData(); form.append("file", blob, name);
  const headers = keyInput.value ? { authorization: "Bearer " + keyInput.value } : {};
  try {
    const res = await fetch("/predict", { method: "POST", body: form, headers });
    const body = await res.json();
    if (!res.ok) { show(null, res.status + " " + body.error.code + ": " + body.error.message); return; }
    show(body);
  } catch (err) { show(null, String(err)); }
}
function show(p, error) {
  document.getElementById("error").textContent = error || "";
  document.getElementById("digit").textContent = p ? p.digit : "–";
  document.getElementById("conf").textContent = p ? "confidence " + (p.confidence * 100).toFixed(1) + "%" : "";
  const bars = document.getElementById("bars"); bars.innerHTML = "";
  if (!p) return;
  p.probabilities.forEach((v, d) => {
    const row = document.createElement("div"); row.className = "bar" + (String(d) === p.digit ? " best" : "");
    const label = document.createElement("span"); label.textContent = d;
    const bar = document.createElement("div"); bar.style.width = Math.round(v * 200) + "px";
    const pct = document.createElement("span"); pct.textContent = (v * 100).toFixed(1) + "%";
    row.append(label, bar, pct); bars.append(row);
  });
}
</script>
</body>
</html>
`;
