// How a model image is laid out for a given model: the input shape decides.
import { ModelLoadError } from "../keras/errors.js";

/** The input layouts the engine can feed. */
export interface InputLayout {
  /** Input shape without the batch dimension, e.g. [784], [28, 28] or [28, 28, 1]. */
  shape: number[];
  height: number;
  width: number;
  /** Grey is repeated into this many channels (1 for greyscale models, 3 for RGB ones). */
  channels: number;
}

/**
 * Work out the image size and channel count from a model input shape (batch
 * dimension removed): flat H·W (square), H×W, H×W×1, H×W×3.
 */
export function inputLayout(shape: readonly (number | null)[], file: string): InputLayout {
  const dims = shape.map((d) => d ?? -1);
  const fail = (why: string) =>
    new ModelLoadError("UNSUPPORTED_OPTION", `the model input shape [${shape.join(", ")}] is not an image: ${why}`, {
      file,
      option: "input_shape",
    });
  if (dims.some((d) => d <= 0)) throw fail("every dimension but the batch must be fixed");
  if (dims.length === 1) {
    const side = Math.round(Math.sqrt(dims[0]!));
    if (side * side !== dims[0]) throw fail("a flat input must hold a square image");
    return { shape: dims, height: side, width: side, channels: 1 };
  }
  if (dims.length === 2) return { shape: dims, height: dims[0]!, width: dims[1]!, channels: 1 };
  if (dims.length === 3 && (dims[2] === 1 || dims[2] === 3)) {
    return { shape: dims, height: dims[0]!, width: dims[1]!, channels: dims[2]! };
  }
  throw fail("expected flat H·W, H×W, H×W×1 or H×W×3 (channels last)");
}
