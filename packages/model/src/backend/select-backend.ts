// Chooses the tfjs backend once per process: native TensorFlow (tfjs-node) when
// it is installed, else WebAssembly with SIMD, else the pure-JS cpu kernels.
import { createRequire } from "node:module";
import { dirname } from "node:path";
import * as tf from "@tensorflow/tfjs";
import type { Logger } from "@repo/logger";
import type { BackendName } from "../types.js";

const require = createRequire(import.meta.url);
let wasmPathsSet = false;

/** What `INFERENCE_BACKEND` may ask for. */
export type BackendPreference = "auto" | BackendName;

/** Thrown when a forced backend cannot be used; the message says why. */
export class BackendError extends Error {
  override readonly name = "BackendError";
  readonly code = "BACKEND_UNAVAILABLE";
  constructor(readonly backend: BackendName, reason: string) {
    super(`inference backend "${backend}" is not available: ${reason}`);
  }
}

type Attempt = { ok: true; details: Record<string, unknown> } | { ok: false; reason: string };

/**
 * Resolves `@tensorflow/tfjs-node` without loading it, and checks that it
 * would share our `@tensorflow/tfjs-core`: tfjs-node re-exports its own copy of
 * tfjs, and a second core means a second engine whose "tensorflow" backend our
 * models never see (and whose tensors our code cannot read).
 */
function tfjsNodeEntry(): { entry: string } | { reason: string } {
  let entry: string;
  try {
    entry = require.resolve("@tensorflow/tfjs-node");
  } catch {
    return { reason: "@tensorflow/tfjs-node is not installed (it is an optional dependency)" };
  }
  const ours = require.resolve("@tensorflow/tfjs-core");
  let theirs: string;
  try {
    theirs = createRequire(entry).resolve("@tensorflow/tfjs-core");
  } catch {
    return { reason: "@tensorflow/tfjs-node is installed but its @tensorflow/tfjs-core cannot be resolved" };
  }
  if (theirs !== ours) {
    return {
      reason: `@tensorflow/tfjs-node uses a different @tensorflow/tfjs-core (${theirs}) from ours (${ours}); align the versions so only one tfjs is loaded`,
    };
  }
  return { entry };
}

async function tryTensorflow(): Promise<Attempt> {
  const found = tfjsNodeEntry();
  if ("reason" in found) return { ok: false, reason: found.reason };
  try {
    await import("@tensorflow/tfjs-node" as string);
  } catch (err) {
    return { ok: false, reason: `@tensorflow/tfjs-node failed to load its native library: ${(err as Error).message}` };
  }
  if (!tf.findBackendFactory("tensorflow")) {
    return { ok: false, reason: "@tensorflow/tfjs-node loaded but registered no \"tensorflow\" backend in our tfjs engine" };
  }
  if (!(await tf.setBackend("tensorflow"))) return { ok: false, reason: "the tensorflow backend failed to initialise" };
  return { ok: true, details: {} };
}

async function tryWasm(): Promise<Attempt> {
  let wasm: typeof import("@tensorflow/tfjs-backend-wasm");
  try {
    wasm = await import("@tensorflow/tfjs-backend-wasm");
  } catch (err) {
    return { ok: false, reason: `@tensorflow/tfjs-backend-wasm cannot be imported: ${(err as Error).message}` };
  }
  // The binaries sit beside the package's entry point; point tfjs at them
  // explicitly so bundling or a changed working directory cannot break loading.
  let dir: string;
  try {
    dir = dirname(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm"));
  } catch {
    return { ok: false, reason: "the .wasm files of @tensorflow/tfjs-backend-wasm are missing" };
  }
  if (!wasmPathsSet) {
    try {
      wasm.setWasmPaths(`${dir}/`);
    } catch {
      // Already initialised elsewhere in this process: its paths worked.
    }
    wasmPathsSet = true;
  }
  const simd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT");
  // tfjs turns wasm threads off under Node (tfjs issue #3830), so this is
  // reported rather than configured.
  const threads = await tf.env().getAsync("WASM_HAS_MULTITHREAD_SUPPORT");
  try {
    if (!(await tf.setBackend("wasm"))) return { ok: false, reason: "the wasm backend failed to initialise" };
  } catch (err) {
    return { ok: false, reason: `the wasm backend failed to initialise: ${(err as Error).message}` };
  }
  return { ok: true, details: { simd: Boolean(simd), threads: Boolean(threads), wasmDir: dir } };
}

async function tryCpu(): Promise<Attempt> {
  if (!(await tf.setBackend("cpu"))) return { ok: false, reason: "the cpu backend failed to initialise" };
  return { ok: true, details: {} };
}

const attempts: Record<BackendName, () => Promise<Attempt>> = {
  tensorflow: tryTensorflow,
  wasm: tryWasm,
  cpu: tryCpu,
};

/**
 * Make `pref` the active tfjs backend (`auto`: tensorflow, then wasm, then
 * cpu), log the choice and return it. A forced backend that cannot be used
 * throws {@link BackendError}.
 */
export async function selectBackend(pref: BackendPreference, logger: Logger): Promise<BackendName> {
  // Production mode skips tfjs's per-op debug checks and its console nag
  // about installing tfjs-node; packages never write to the console.
  tf.env().set("PROD", true);
  const order: BackendName[] = pref === "auto" ? ["tensorflow", "wasm", "cpu"] : [pref];
  const skipped: Record<string, string> = {};
  for (const name of order) {
    if (tf.getBackend() === name) {
      logger.info({ backend: name, preference: pref }, "inference backend already active");
      return name;
    }
    const result = await attempts[name]();
    if (result.ok) {
      logger.info({ backend: name, preference: pref, ...result.details, skipped }, "inference backend selected");
      return name;
    }
    if (pref !== "auto") throw new BackendError(name, result.reason);
    skipped[name] = result.reason;
    logger.debug({ backend: name, reason: result.reason }, "inference backend unavailable");
  }
  throw new BackendError("cpu", `no backend could be initialised: ${JSON.stringify(skipped)}`);
}
