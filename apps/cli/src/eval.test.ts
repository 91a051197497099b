import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";

const script = fileURLToPath(new URL("./eval.ts", import.meta.url));
const fixtures = fileURLToPath(new URL("../../../../shared/fixtures/keras/", import.meta.url));
const present = existsSync(fixtures);
if (!present && process.env.CI === "true") throw new Error(`CI=true but the Keras fixtures are missing at ${fixtures}`);

function evalCli(...args: string[]) {
  return spawnSync(process.execPath, ["--conditions=development", "--import", "tsx", script, ...args], {
    encoding: "utf8",
    timeout: 120_000,
    env: { ...process.env, LOG_LEVEL: "info" },
  });
}

describe("npm run eval", () => {
  it("exits non-zero with one clear line for a file that is not a model", () => {
    const run = evalCli("--model", "/etc/hostname");
    assert.equal(run.status, 1);
    const lines = run.stderr.trim().split("\n");
    assert.equal(lines.length, 1, run.stderr);
    assert.match(lines[0]!, /^eval: cannot load model \/etc\/hostname: NOT_A_MODEL/);
    assert.equal(run.stdout, "");
  });

  it("rejects a bad option with usage", () => {
    const run = evalCli("--model", "x.keras", "--limit", "ten");
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--limit must be a positive integer[\s\S]*usage:/);
  });

  it("prints both accuracies as JSON on the last line", { skip: !present && `Keras fixtures not found at ${fixtures}` }, () => {
    const run = evalCli("--model", `${fixtures}seed-mlp-legacy-h5.keras`, "--limit", "300");
    assert.equal(run.status, 0, run.stderr);
    const last = run.stdout.trim().split("\n").at(-1)!;
    const result = JSON.parse(last) as Record<string, unknown>;
    assert.equal(result.samples, 300);
    assert.ok((result.accuracy as number) > 0.97);
    assert.ok((result.imageAccuracy as number) > 0.97);
    assert.deepEqual([(result.convention as { scale: string }).scale, result.format], ["0..1", "legacy-h5"]);
    assert.ok(["tensorflow", "wasm"].includes(result.backend as string), String(result.backend));
    assert.match(run.stderr, /eval: raw 300\/300/);
  });
});
