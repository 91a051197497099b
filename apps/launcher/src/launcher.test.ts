import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { deleteQueueKeys } from "@repo/queue/testing";
import { freePort } from "./free-port.js";
import { alive, repoRoot, spawnLauncher } from "./test-spawn-launcher.js";

const model = "../shared/fixtures/keras/seed-mlp-legacy-h5.keras";
const haveModel = existsSync(join(repoRoot, model));
if (!haveModel && process.env.CI === "true") throw new Error(`CI: fixture ${model} is missing`);

test("npm start's launcher: /readyz turns 200, a killed worker is restarted, SIGINT stops every child and nothing is left", { skip: haveModel ? false : `fixture ${model} absent`, timeout: 120_000 }, async () => {
  const queue = `h5-launcher-${process.pid}-${Date.now()}`;
  const port = await freePort();
  const launcher = spawnLauncher({
    PORT: String(port),
    METRICS_PORT: "0",
    WORKERS: "2",
    MODEL_PATH: model,
    QUEUE_NAME: queue,
    LOG_LEVEL: "info",
    REDIS_URL: "redis://127.0.0.1:6379",
  });
  try {
    await launcher.waitForLine(/^\[launcher\] ready$/, 90_000);
    const res = await fetch(`http://127.0.0.1:${port}/readyz`);
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.ok(body.workers.length >= 1, "at least one worker advertised");

    // Every child's output is prefixed, and the URLs (API, docs, every metrics port) are printed.
    const pids = new Map<string, number>();
    for (const l of launcher.lines) {
      const m = l.match(/^\[(api|worker-\d)\] (\{.*\})$/);
      if (m) pids.set(m[1]!, JSON.parse(m[2]!).pid);
    }
    assert.deepEqual([...pids.keys()].sort(), ["api", "worker-1", "worker-2"]);
    const text = launcher.lines.join("\n");
    assert.match(text, new RegExp(`API: +http://127\\.0\\.0\\.1:${port}/`));
    assert.match(text, /Docs: +http:\/\/127\.0\.0\.1:\d+\/docs/);
    assert.equal(text.match(/\/metrics \((api|worker-\d)\)/g)?.length, 3);
    for (const p of pids.values()) assert.ok(alive(p));

    // A worker that dies is reported and restarted (with backoff); the new one is tracked too.
    const victim = pids.get("worker-1")!;
    process.kill(victim, "SIGKILL");
    await launcher.waitForLine(/^\[launcher\] worker-1 exited unexpectedly \(signal SIGKILL\).*restarting in \d+ ms$/, 10_000);
    const seen = launcher.lines.length;
    let restarted = 0;
    for (const deadline = Date.now() + 60_000; !restarted && Date.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, 200));
      for (const l of launcher.lines.slice(seen)) {
        const m = l.match(/^\[worker-1\] (\{.*\})$/);
        if (m && JSON.parse(m[1]!).msg === "worker ready") restarted = JSON.parse(m[1]!).pid;
      }
    }
    assert.ok(restarted && restarted !== victim && alive(restarted), "a new worker-1 process runs");
    pids.set("worker-1 (restarted)", restarted);

    launcher.child.kill("SIGINT");
    const exit = await launcher.exited;
    assert.equal(exit.code, 0, launcher.lines.slice(-10).join("\n"));
    for (const [name, p] of pids) assert.equal(alive(p), false, `${name} (pid ${p}) still running`);
    assert.match(launcher.lines.join("\n"), /all processes stopped/);
  } finally {
    // On a failed assertion: stop the launcher gracefully (it stops its children); a SIGKILLed
    // launcher would orphan them, so any child still alive afterwards is killed by pid.
    if (launcher.child.exitCode === null && launcher.child.signalCode === null) {
      launcher.child.kill("SIGTERM");
      const t = setTimeout(() => launcher.child.kill("SIGKILL"), 30_000);
      await launcher.exited;
      clearTimeout(t);
    }
    for (const l of launcher.lines) {
      const m = l.match(/^\[(?:api|worker-\d)\] (\{.*\})$/);
      const pid = m ? (JSON.parse(m[1]!).pid as number) : 0;
      if (pid && alive(pid)) process.kill(pid, "SIGKILL");
    }
    await deleteQueueKeys(queue);
  }
});

test("the launcher refuses to start, in one line, when the model file is missing", { timeout: 30_000 }, async () => {
  const launcher = spawnLauncher({ PORT: String(await freePort()), METRICS_PORT: "0", MODEL_PATH: "model/does-not-exist.keras" });
  const exit = await launcher.exited;
  assert.equal(exit.code, 1);
  assert.match(launcher.lines.join("\n"), /model model\/does-not-exist\.keras not found: run `npm run train`/);
});

test("the launcher says which port is taken instead of starting half a system", { timeout: 30_000 }, async () => {
  const { createServer } = await import("node:net");
  const srv = createServer().listen(0, "0.0.0.0");
  await new Promise((r) => srv.once("listening", r));
  const taken = (srv.address() as { port: number }).port;
  try {
    const launcher = spawnLauncher({ PORT: String(taken), METRICS_PORT: "0", MODEL_PATH: model });
    const exit = await launcher.exited;
    assert.equal(exit.code, 1);
    assert.match(launcher.lines.join("\n"), new RegExp(`port ${taken} \\(PORT\\) is in use`));
  } finally {
    srv.close();
  }
});
