import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { Writable } from "node:stream";
import { createLogger, silentLogger } from "@repo/logger";
import { BackendError, selectBackend } from "./select-backend.js";

const tfjsNodeInstalled = (() => {
  try {
    createRequire(import.meta.url).resolve("@tensorflow/tfjs-node");
    return true;
  } catch {
    return false;
  }
})();

describe("selectBackend", () => {
  it("on auto, takes tensorflow when tfjs-node is installed and wasm otherwise, and logs the choice", async () => {
    const lines: string[] = [];
    const logger = createLogger("test", { level: "info", destination: captureLines(lines) });
    const chosen = await selectBackend("auto", logger);
    assert.equal(chosen, tfjsNodeInstalled ? "tensorflow" : "wasm");
    assert.equal(tf.getBackend(), chosen);
    const entry = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.backend === chosen);
    assert.ok(entry, lines.join("\n"));
    if (chosen === "wasm") assert.equal(entry.simd, true);
  });

  it("can be forced to cpu and back to wasm", async () => {
    assert.equal(await selectBackend("cpu", silentLogger), "cpu");
    assert.equal(tf.getBackend(), "cpu");
    assert.equal(await selectBackend("wasm", silentLogger), "wasm");
    assert.equal(tf.getBackend(), "wasm");
  });

  it("refuses a forced tensorflow backend without tfjs-node, saying why", { skip: tfjsNodeInstalled && "tfjs-node is installed here" }, async () => {
    await assert.rejects(selectBackend("tensorflow", silentLogger), (err: unknown) => {
      assert.ok(err instanceof BackendError);
      assert.match(err.message, /"tensorflow" is not available: @tensorflow\/tfjs-node is not installed/);
      return true;
    });
    // The active backend is left as it was.
    assert.equal(tf.getBackend(), "wasm");
  });
});

function captureLines(lines: string[]): Writable {
  return new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
}
