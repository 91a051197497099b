// The tfjs backend for training: native TensorFlow when tfjs-node is
// installed, else wasm with our convolution-gradient kernels (see
// wasm-conv-gradients.ts), or the pure-JS cpu backend when asked for.
import { selectBackend, type BackendName, type BackendPreference } from "@repo/model";
import type { Logger } from "@repo/logger";
import { registerWasmConvGradients } from "./wasm-conv-gradients.js";

/** Activates a backend that can train a Conv2D and returns its name. */
export async function selectTrainingBackend(pref: BackendPreference, logger: Logger): Promise<BackendName> {
  // Register first: the kernels then exist whichever backend "auto" lands on.
  registerWasmConvGradients();
  return selectBackend(pref, logger);
}
