// How a model image is laid out for a given model: the input shape decides.
import { ModelLoadError } from "../keras/errors.js";

/** The image side fed to a model that accepts any size (a fully convolutional one): MNIST's. */
export const FREE_SIDE = 28;

/** The input layouts the engine can feed. */
export interface InputLayout {
  /** Shape fed to the model, without the batch dimension, free dimensions filled in: e.g. [784], [28, 28, 1] or [1, 28, 28]. */
  shape: number[];
  /** The model's own input shape without the batch dimension; -1 marks a free dimension. */
  modelShape: number[];
  height: number;
  width: number;
  /** Grey is repeated into this many channels (1 for greyscale models, 3 for RGB ones). */
  channels: number;
  /** Where the channel axis sits: "last" (H×W×C, Keras's default) or "first" (C×H×W, `data_format="channels_first"`). */
  channelOrder: "last" | "first";
  /** True when the model leaves height and width free and {@link FREE_SIDE}×{@link FREE_SIDE} was chosen. */
  sizeAssumed: boolean;
}

const isChannels = (d: number | undefined) => d === 1 || d === 3;

/**
 * Work out the image size and channel layout from a model input shape (batch
 * dimension removed): flat H·W (square), H×W, H×W×C or C×H×W with C = 1 or 3.
 * Free height or width (-1 / null, a fully convolutional model) become
 * {@link FREE_SIDE}; a free channel count or flat length is refused.
 */
export function inputLayout(shape: readonly (number | null)[], file: string): InputLayout {
  const dims = shape.map((d) => d ?? -1);
  const fail = (why: string) =>
    new ModelLoadError("UNSUPPORTED_OPTION", `the model input shape [${shape.join(", ")}] is not an image: ${why}`, {
      file,
      option: "input_shape",
    });
  const layout = (height: number, width: number, channels: number, channelOrder: "last" | "first", fed: number[]): InputLayout => {
    // Channels and flat lengths are fixed by now, so any free dimension is height or width.
    const side = (d: number) => (d <= 0 ? FREE_SIDE : d);
    const sizeAssumed = height <= 0 || width <= 0;
    return { shape: fed.map(side), modelShape: dims, height: side(height), width: side(width), channels, channelOrder, sizeAssumed };
  };
  if (dims.length === 1) {
    if (dims[0]! <= 0) throw fail("a flat input must have a fixed length");
    const side = Math.round(Math.sqrt(dims[0]!));
    if (side * side !== dims[0]) throw fail("a flat input must hold a square image");
    return layout(side, side, 1, "last", dims);
  }
  if (dims.length === 2) return layout(dims[0]!, dims[1]!, 1, "last", dims);
  if (dims.length === 3) {
    // Channels last wins when both readings fit ([3, 3, 3]): it is Keras's default.
    if (isChannels(dims[2])) return layout(dims[0]!, dims[1]!, dims[2]!, "last", dims);
    if (isChannels(dims[0])) return layout(dims[1]!, dims[2]!, dims[0]!, "first", dims);
    if (dims[0]! <= 0 || dims[2]! <= 0) throw fail("the channel count must be fixed (1 or 3)");
  }
  throw fail("expected flat H·W, H×W, H×W×C or C×H×W with 1 or 3 channels");
}
