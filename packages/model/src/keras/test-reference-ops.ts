// Test helper: the arithmetic of the reference forward pass (activations,
// windowed convolution/pooling, layout transposes), in plain TypeScript.
import { isKeras3, type Dialect } from "./test-keras-spec.js";

/** A tensor without its batch axis. */
export interface T {
  shape: number[];
  data: Float64Array;
}

export const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
export const map = (x: T, f: (v: number) => number): T => ({ shape: x.shape, data: x.data.map(f) });
const erf = (x: number): number => {
  // Numerical Recipes' erfc Chebyshev fit: relative error below 1.2e-7.
  const t = 1 / (1 + 0.5 * Math.abs(x));
  const y =
    1 -
    t *
      Math.exp(
        -x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
      );
  return x >= 0 ? y : -y;
};
const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

export function softmaxLast(x: T): T {
  const c = x.shape[x.shape.length - 1]!;
  const out = new Float64Array(x.data.length);
  for (let i = 0; i < x.data.length; i += c) {
    const row = x.data.subarray(i, i + c);
    const m = Math.max(...row);
    const e = Array.from(row, (v) => Math.exp(v - m));
    const s = e.reduce((a, b) => a + b, 0);
    e.forEach((v, j) => (out[i + j] = v / s));
  }
  return { shape: x.shape, data: out };
}

/** Keras activation by name. */
export function activate(x: T, name: string | undefined, d: Dialect): T {
  switch (name ?? "linear") {
    case "linear": return x;
    case "relu": return map(x, (v) => Math.max(0, v));
    case "relu6": return map(x, (v) => Math.min(6, Math.max(0, v)));
    case "leaky_relu": return map(x, (v) => (v >= 0 ? v : 0.2 * v));
    case "elu": return map(x, (v) => (v > 0 ? v : Math.exp(v) - 1));
    case "selu": return map(x, (v) => 1.0507009873554805 * (v > 0 ? v : 1.6732632423543772 * (Math.exp(v) - 1)));
    case "gelu": return map(x, (v) => 0.5 * v * (1 + erf(v / Math.SQRT2)));
    case "swish":
    case "silu": return map(x, (v) => v * sigmoid(v));
    case "sigmoid": return map(x, sigmoid);
    case "hard_sigmoid":
      return isKeras3(d)
        ? map(x, (v) => Math.min(6, Math.max(0, v + 3)) / 6)
        : map(x, (v) => Math.min(1, Math.max(0, 0.2 * v + 0.5)));
    case "tanh": return map(x, Math.tanh);
    case "softmax": return softmaxLast(x);
    default: throw new Error(`reference has no activation ${name}`);
  }
}

export const at = (x: T, h: number, w: number, c: number) => x.data[(h * x.shape[1]! + w) * x.shape[2]! + c]!;
export const pair = (v: unknown, fallback: number): [number, number] =>
  v === undefined || v === null ? [fallback, fallback] : typeof v === "number" ? [v, v] : [(v as number[])[0]!, (v as number[])[1]!];

/** Output size and leading pad of TF's "valid"/"same" padding. */
function geometry(inp: number, k: number, s: number, dil: number, padding: string): { out: number; pad: number } {
  const ke = (k - 1) * dil + 1;
  if (padding === "valid") return { out: Math.floor((inp - ke) / s) + 1, pad: 0 };
  const out = Math.ceil(inp / s);
  const total = Math.max((out - 1) * s + ke - inp, 0);
  return { out, pad: Math.floor(total / 2) };
}

/** Generic 2D window op: for each output pixel, f(inputs in window) per input channel. */
export function conv(x: T, kernel: Float32Array, kh: number, kw: number, cout: number, cfg: Record<string, unknown>, depthwise: number | null): T {
  const [H, W, C] = x.shape as [number, number, number];
  const [sh, sw] = pair(cfg.strides, 1);
  const [dh, dw] = pair(cfg.dilation_rate, 1);
  const padding = (cfg.padding as string) ?? "valid";
  const gh = geometry(H, kh, sh, dh, padding);
  const gw = geometry(W, kw, sw, dw, padding);
  const oc = depthwise === null ? cout : C * depthwise;
  const out = new Float64Array(gh.out * gw.out * oc);
  for (let i = 0; i < gh.out; i++)
    for (let j = 0; j < gw.out; j++)
      for (let o = 0; o < oc; o++) {
        let s = 0;
        for (let a = 0; a < kh; a++)
          for (let b = 0; b < kw; b++) {
            const h = i * sh + a * dh - gh.pad;
            const w = j * sw + b * dw - gw.pad;
            if (h < 0 || w < 0 || h >= H || w >= W) continue;
            if (depthwise === null) {
              for (let c = 0; c < C; c++) s += at(x, h, w, c) * kernel[((a * kw + b) * C + c) * cout + o]!;
            } else {
              const c = Math.floor(o / depthwise);
              const m = o % depthwise;
              s += at(x, h, w, c) * kernel[((a * kw + b) * C + c) * depthwise + m]!;
            }
          }
        out[(i * gw.out + j) * oc + o] = s;
      }
  return { shape: [gh.out, gw.out, oc], data: out };
}

export function addBias(x: T, bias: Float32Array | undefined): T {
  if (!bias) return x;
  const c = bias.length;
  return { shape: x.shape, data: x.data.map((v, i) => v + bias[i % c]!) };
}

export function pool(x: T, cfg: Record<string, unknown>, kind: "max" | "avg"): T {
  const [H, W, C] = x.shape as [number, number, number];
  const [ph, pw] = pair(cfg.pool_size, 2);
  const [sh, sw] = pair(cfg.strides ?? cfg.pool_size, 2);
  const padding = (cfg.padding as string) ?? "valid";
  const gh = geometry(H, ph, sh, 1, padding);
  const gw = geometry(W, pw, sw, 1, padding);
  const out = new Float64Array(gh.out * gw.out * C);
  for (let i = 0; i < gh.out; i++)
    for (let j = 0; j < gw.out; j++)
      for (let c = 0; c < C; c++) {
        let best = -Infinity;
        let sum = 0;
        let n = 0;
        for (let a = 0; a < ph; a++)
          for (let b = 0; b < pw; b++) {
            const h = i * sh + a - gh.pad;
            const w = j * sw + b - gw.pad;
            if (h < 0 || w < 0 || h >= H || w >= W) continue;
            best = Math.max(best, at(x, h, w, c));
            sum += at(x, h, w, c);
            n++;
          }
        out[(i * gw.out + j) * C + c] = kind === "max" ? best : sum / n;
      }
  return { shape: [gh.out, gw.out, C], data: out };
}

/** CHW ↔ HWC for channels_first layers, which the reference computes channels-last. */
export function chwToHwc(x: T): T {
  const [C, H, W] = x.shape as [number, number, number];
  const out = new Float64Array(x.data.length);
  for (let c = 0; c < C; c++) for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) out[(h * W + w) * C + c] = x.data[(c * H + h) * W + w]!;
  return { shape: [H, W, C], data: out };
}
export function hwcToChw(x: T): T {
  const [H, W, C] = x.shape as [number, number, number];
  const out = new Float64Array(x.data.length);
  for (let c = 0; c < C; c++) for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) out[(c * H + h) * W + w] = x.data[(h * W + w) * C + c]!;
  return { shape: [C, H, W], data: out };
}

