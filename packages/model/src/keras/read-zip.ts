// The `.keras` zip (Keras 3 and Keras 2.13–2.15): metadata.json, config.json,
// model.weights.h5. Read in memory with fflate.
import { unzipSync, strFromU8 } from "fflate";
import type { ErrorContext } from "./errors.js";
import { explainOtherZip, SAVE_HINT } from "./identify-non-model.js";

/** The entries of a `.keras` archive that the loader uses. */
export interface KerasArchive {
  config: unknown;
  metadata: Record<string, unknown> | null;
  weights: Uint8Array;
}

const WANTED = new Set(["config.json", "metadata.json", "model.weights.h5", "model.weights.npz"]);

/** Unzips a `.keras` archive and parses its JSON entries. */
export function readKerasArchive(bytes: Uint8Array, ctx: ErrorContext): KerasArchive {
  let entries: Record<string, Uint8Array>;
  const names: string[] = [];
  try {
    // Only the entries we need are inflated; assets stay compressed.
    entries = unzipSync(bytes, {
      filter: (f) => {
        names.push(f.name);
        return WANTED.has(f.name);
      },
    });
  } catch (cause) {
    return ctx.fail("CORRUPT_FILE", `The zip archive is truncated or corrupt (${(cause as Error).message})`, { cause });
  }
  const config = entries["config.json"];
  if (config === undefined) {
    return ctx.fail("NOT_A_MODEL", explainOtherZip(names) ?? `The zip archive has no config.json, so it is not a Keras model: ${SAVE_HINT}`);
  }
  const weights = entries["model.weights.h5"];
  if (weights === undefined) {
    if (entries["model.weights.npz"] !== undefined) {
      return ctx.fail("UNSUPPORTED_OPTION", "Weights stored as model.weights.npz are not supported (only .h5)", {
        option: "weights_format=npz",
      });
    }
    return ctx.fail("NOT_A_MODEL", "The zip archive has config.json but no model.weights.h5");
  }
  const metadataBytes = entries["metadata.json"];
  const metadata = metadataBytes === undefined ? null : parseJson(metadataBytes, "metadata.json", ctx);
  return {
    config: parseJson(config, "config.json", ctx),
    metadata: isRecord(metadata) ? metadata : null,
    weights,
  };
}

function parseJson(bytes: Uint8Array, name: string, ctx: ErrorContext): unknown {
  try {
    return JSON.parse(strFromU8(bytes));
  } catch (cause) {
    return ctx.fail("CORRUPT_FILE", `${name} is not valid JSON`, { cause });
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
