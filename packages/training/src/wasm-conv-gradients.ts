// Convolution gradients for the tfjs wasm backend, written as forward
// convolutions so they run on XNNPACK. tfjs-backend-wasm 4.22 has no
// Conv2DBackpropFilter at all (training a Conv2D fails), and its
// Conv2DBackpropInput is a plain loop about 15× slower than a forward
// convolution of the same size. The pure-JS cpu backend has both, but its
// forward convolution is about 25× slower than wasm's, too slow to train here.
import * as tf from "@tensorflow/tfjs";

type Pad = { top: number; bottom: number; left: number; right: number };

interface ConvAttrs {
  strides: number | [number, number];
  pad: "valid" | "same" | number | [[number, number], [number, number], [number, number], [number, number]];
  dataFormat: "NHWC" | "NCHW";
  dimRoundingMode?: "floor" | "round" | "ceil";
}

function padInfo(xShape: number[], filterShape: number[], attrs: ConvAttrs): { pad: Pad; strides: [number, number] } {
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    "channelsLast",
  );
  return { pad: info.padInfo, strides: [info.strideHeight, info.strideWidth] };
}

/**
 * dW[i,j,ci,co] = Σ_b,y,x xpad[b, y·s+i, x·s+j, ci] · dy[b,y,x,co]: a
 * convolution of x (channels ↔ batch swapped) with dy as the filter, dilated
 * by the forward stride.
 */
export function conv2dFilterGradient(x: tf.Tensor4D, dy: tf.Tensor4D, filterShape: number[], attrs: ConvAttrs): tf.Tensor4D {
  const [kh, kw] = filterShape as [number, number];
  const { pad, strides } = padInfo(x.shape, filterShape, attrs);
  return tf.tidy(() => {
    const xt = tf.transpose(x, [3, 1, 2, 0]); // [ci, H, W, B]
    const dyt = tf.transpose(dy, [1, 2, 0, 3]); // [oh, ow, B, co]
    const explicit: [[number, number], [number, number], [number, number], [number, number]] = [
      [0, 0],
      [pad.top, pad.bottom],
      [pad.left, pad.right],
      [0, 0],
    ];
    let r = tf.conv2d(xt, dyt, 1, explicit, "NHWC", strides); // [ci, ≥kh, ≥kw, co]
    if (r.shape[1] !== kh || r.shape[2] !== kw) r = tf.slice(r, [0, 0, 0, 0], [-1, kh, kw, -1]);
    return tf.transpose(r, [1, 2, 0, 3]);
  });
}

/**
 * dx for a stride-1 convolution: dy convolved with the filter flipped in
 * space and with its channel axes swapped ("full" correlation).
 */
export function conv2dInputGradient(dy: tf.Tensor4D, filter: tf.Tensor4D, inputShape: number[], attrs: ConvAttrs): tf.Tensor4D {
  const [kh, kw] = filter.shape;
  const { pad } = padInfo(inputShape, filter.shape, attrs);
  return tf.tidy(() => {
    const flipped = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]);
    return tf.conv2d(dy, flipped, 1, [
      [0, 0],
      [kh - 1 - pad.top, kh - 1 - pad.bottom],
      [kw - 1 - pad.left, kw - 1 - pad.right],
      [0, 0],
    ]);
  });
}

function isStride1(attrs: ConvAttrs): boolean {
  const s = attrs.strides;
  return typeof s === "number" ? s === 1 : s[0] === 1 && s[1] === 1;
}

let registered = false;

/**
 * Registers Conv2DBackpropFilter on the wasm backend and replaces its slow
 * Conv2DBackpropInput for stride-1 convolutions (other strides keep the
 * original kernel). Idempotent; affects only the wasm backend of this process.
 */
export function registerWasmConvGradients(): void {
  if (registered) return;
  registered = true;
  const original = tf.getKernel("Conv2DBackpropInput", "wasm");
  if (!tf.getKernel("Conv2DBackpropFilter", "wasm")) {
    tf.registerKernel({
      kernelName: "Conv2DBackpropFilter",
      backendName: "wasm",
      kernelFunc: ({ inputs, attrs }) => {
        const { x, dy } = inputs as { x: tf.Tensor4D; dy: tf.Tensor4D };
        const a = attrs as unknown as ConvAttrs & { filterShape: number[] };
        if (a.dataFormat !== "NHWC") throw new Error("Conv2DBackpropFilter (wasm): only NHWC is supported");
        return conv2dFilterGradient(x, dy, a.filterShape, a);
      },
    });
  }
  if (original) {
    tf.unregisterKernel("Conv2DBackpropInput", "wasm");
    tf.registerKernel({
      kernelName: "Conv2DBackpropInput",
      backendName: "wasm",
      setupFunc: original.setupFunc,
      kernelFunc: (args) => {
        const a = args.attrs as unknown as ConvAttrs & { inputShape: number[] };
        if (!isStride1(a) || a.dataFormat !== "NHWC") return original.kernelFunc(args);
        const { dy, filter } = args.inputs as { dy: tf.Tensor4D; filter: tf.Tensor4D };
        return conv2dInputGradient(dy, filter, a.inputShape, a);
      },
    });
  }
}
