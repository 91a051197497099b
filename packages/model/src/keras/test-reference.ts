// Test helper: an independent forward pass in plain TypeScript (one sample,
// channels-last), written from the Keras documentation's formulas, used to
// check what tfjs computes on the loaded model.
import type { Dialect, LayerSpec, ModelSpec } from "./test-keras-spec.js";
import { activate, addBias, at, chwToHwc, conv, hwcToChw, map, pair, pool, size, softmaxLast, type T } from "./test-reference-ops.js";

export type { T } from "./test-reference-ops.js";

function layer(l: LayerSpec, inputs: T[], d: Dialect): T {
  const cfg = l.cfg ?? {};
  const channelsFirst = inputs[0]!.shape.length === 3 && (cfg.data_format === "channels_first" || (l.cls === "BatchNormalization" && cfg.axis === 1));
  if (!channelsFirst) return layerChannelsLast(l, inputs, d);
  // Keras's Flatten(channels_first) also moves channels last before flattening.
  const y = layerChannelsLast({ ...l, cfg: { ...cfg, data_format: "channels_last", axis: -1 } }, inputs.map(chwToHwc), d);
  return l.cls === "Flatten" || y.shape.length !== 3 ? y : hwcToChw(y);
}

function layerChannelsLast(l: LayerSpec, inputs: T[], d: Dialect): T {
  const cfg = l.cfg ?? {};
  const w = new Map((l.weights ?? []).map(([n, a]) => [n, a]));
  const x = inputs[0]!;
  switch (l.cls) {
    case "InputLayer":
    case "Dropout":
    case "SpatialDropout2D":
    case "RandomFlip":
    case "RandomRotation":
    case "RandomZoom":
    case "RandomTranslation":
    case "RandomContrast":
      return x;
    case "Rescaling":
      return map(x, (v) => v * (cfg.scale as number) + ((cfg.offset as number) ?? 0));
    case "Normalization": {
      const m = w.get("mean")!.data, v = w.get("variance")!.data;
      const c = m.length;
      return { shape: x.shape, data: x.data.map((val, i) => (val - m[i % c]!) / Math.max(Math.sqrt(v[i % c]!), 1e-7)) };
    }
    case "Dense": {
      const k = w.get("kernel")!;
      const [n, u] = k.shape as [number, number];
      const out = new Float64Array(u);
      for (let o = 0; o < u; o++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += x.data[i]! * k.data[i * u + o]!;
        out[o] = s;
      }
      return activate(addBias({ shape: [u], data: out }, w.get("bias")?.data), cfg.activation as string, d);
    }
    case "Conv2D": {
      const k = w.get("kernel")!;
      const [kh, kw, , co] = k.shape as number[];
      return activate(addBias(conv(x, k.data, kh!, kw!, co!, cfg, null), w.get("bias")?.data), cfg.activation as string, d);
    }
    case "DepthwiseConv2D": {
      const k = w.get("depthwise_kernel")!;
      const [kh, kw, , dm] = k.shape as number[];
      return activate(addBias(conv(x, k.data, kh!, kw!, 0, cfg, dm!), w.get("bias")?.data), cfg.activation as string, d);
    }
    case "SeparableConv2D": {
      const dk = w.get("depthwise_kernel")!;
      const pk = w.get("pointwise_kernel")!;
      const [kh, kw, , dm] = dk.shape as number[];
      const dwOut = conv(x, dk.data, kh!, kw!, 0, cfg, dm!);
      const pOut = conv(dwOut, pk.data, 1, 1, pk.shape[3]!, { padding: "valid" }, null);
      return activate(addBias(pOut, w.get("bias")?.data), cfg.activation as string, d);
    }
    case "MaxPooling2D": return pool(x, cfg, "max");
    case "AveragePooling2D": return pool(x, cfg, "avg");
    case "GlobalAveragePooling2D":
    case "GlobalMaxPooling2D": {
      const [H, W, C] = x.shape as [number, number, number];
      const out = new Float64Array(C);
      for (let c = 0; c < C; c++) {
        const vals: number[] = [];
        for (let h = 0; h < H; h++) for (let ww = 0; ww < W; ww++) vals.push(at(x, h, ww, c));
        out[c] = l.cls === "GlobalMaxPooling2D" ? Math.max(...vals) : vals.reduce((a, b) => a + b, 0) / vals.length;
      }
      return { shape: cfg.keepdims === true ? [1, 1, C] : [C], data: out };
    }
    case "Flatten": return { shape: [size(x.shape)], data: x.data };
    case "Reshape": return { shape: cfg.target_shape as number[], data: x.data };
    case "ZeroPadding2D": {
      const [H, W, C] = x.shape as [number, number, number];
      const p = cfg.padding as number | [number, number] | [[number, number], [number, number]];
      const pads: [[number, number], [number, number]] =
        typeof p === "number"
          ? [[p, p], [p, p]]
          : typeof p[0] === "number"
            ? [[p[0], p[0]], [p[1] as number, p[1] as number]]
            : (p as [[number, number], [number, number]]);
      const [[t, b], [lft, rgt]] = pads;
      const OH = H + t + b;
      const OW = W + lft + rgt;
      const out = new Float64Array(OH * OW * C);
      for (let h = 0; h < H; h++)
        for (let ww = 0; ww < W; ww++)
          for (let c = 0; c < C; c++) out[((h + t) * OW + ww + lft) * C + c] = at(x, h, ww, c);
      return { shape: [OH, OW, C], data: out };
    }
    case "BatchNormalization": {
      const eps = (cfg.epsilon as number) ?? 1e-3;
      const g = w.get("gamma")!.data, b = w.get("beta")!.data, m = w.get("moving_mean")!.data, v = w.get("moving_variance")!.data;
      const c = g.length;
      return { shape: x.shape, data: x.data.map((val, i) => ((val - m[i % c]!) / Math.sqrt(v[i % c]! + eps)) * g[i % c]! + b[i % c]!) };
    }
    case "Activation": return activate(x, cfg.activation as string, d);
    case "ReLU": {
      const slope = (cfg.negative_slope as number) ?? 0;
      const th = (cfg.threshold as number) ?? 0;
      const max = cfg.max_value as number | null | undefined;
      return map(x, (v) => {
        if (v > th) return max === null || max === undefined ? v : Math.min(Math.max(v, 0), max);
        return slope * (v - th);
      });
    }
    case "LeakyReLU": return map(x, (v) => (v >= 0 ? v : (cfg.negative_slope as number) * v));
    case "Softmax": return softmaxLast(x);
    case "Identity": return x;
    case "Cropping2D": {
      const [H, W, C] = x.shape as [number, number, number];
      const [[t, b], [lft, rgt]] = cfg.cropping as [[number, number], [number, number]];
      const OH = H - t - b, OW = W - lft - rgt;
      const out = new Float64Array(OH * OW * C);
      for (let h = 0; h < OH; h++) for (let ww = 0; ww < OW; ww++) for (let c = 0; c < C; c++) out[(h * OW + ww) * C + c] = at(x, h + t, ww + lft, c);
      return { shape: [OH, OW, C], data: out };
    }
    case "UpSampling2D": {
      const [H, W, C] = x.shape as [number, number, number];
      const [sh, sw] = pair(cfg.size, 2);
      const out = new Float64Array(H * sh * W * sw * C);
      for (let h = 0; h < H * sh; h++) for (let ww = 0; ww < W * sw; ww++) for (let c = 0; c < C; c++) out[(h * W * sw + ww) * C + c] = at(x, Math.floor(h / sh), Math.floor(ww / sw), c);
      return { shape: [H * sh, W * sw, C], data: out };
    }
    case "Permute": {
      // Only the (2, 1, 3) permutation: swap height and width.
      const [H, W, C] = x.shape as [number, number, number];
      const out = new Float64Array(H * W * C);
      for (let h = 0; h < H; h++) for (let ww = 0; ww < W; ww++) for (let c = 0; c < C; c++) out[(ww * H + h) * C + c] = at(x, h, ww, c);
      return { shape: [W, H, C], data: out };
    }
    case "PReLU": {
      const a = w.get("alpha")!.data;
      const c = x.shape[x.shape.length - 1]!;
      return { shape: x.shape, data: x.data.map((v, i) => (v >= 0 ? v : a[i % c]! * v)) };
    }
    case "LayerNormalization": {
      const g = w.get("gamma")!.data, b = w.get("beta")!.data;
      const c = g.length;
      const out = new Float64Array(x.data.length);
      for (let i = 0; i < x.data.length; i += c) {
        const row = x.data.subarray(i, i + c);
        const mean = row.reduce((s, v) => s + v, 0) / c;
        const variance = row.reduce((s, v) => s + (v - mean) ** 2, 0) / c;
        row.forEach((v, j) => (out[i + j] = ((v - mean) / Math.sqrt(variance + ((cfg.epsilon as number) ?? 1e-3))) * g[j]! + b[j]!));
      }
      return { shape: x.shape, data: out };
    }
    case "Multiply": return { shape: x.shape, data: x.data.map((_, i) => inputs.reduce((s, t) => s * t.data[i]!, 1)) };
    case "Average": return { shape: x.shape, data: x.data.map((_, i) => inputs.reduce((s, t) => s + t.data[i]!, 0) / inputs.length) };
    case "Maximum": return { shape: x.shape, data: x.data.map((_, i) => Math.max(...inputs.map((t) => t.data[i]!))) };
    case "Minimum": return { shape: x.shape, data: x.data.map((_, i) => Math.min(...inputs.map((t) => t.data[i]!))) };
    case "Add": return { shape: x.shape, data: x.data.map((v, i) => inputs.reduce((s, t) => s + t.data[i]!, 0)) };
    case "Concatenate": {
      // Along the last axis, for rank-1 inputs (all our models use it after pooling).
      return { shape: [inputs.reduce((s, t) => s + t.shape[0]!, 0)], data: Float64Array.from(inputs.flatMap((t) => [...t.data])) };
    }
    default:
      throw new Error(`reference has no layer ${l.cls}`);
  }
}

/** Runs the model spec on one input sample; returns every top-level layer's output by name. */
export function referenceAll(m: ModelSpec, input: T, d: Dialect): Map<string, T> {
  const values = new Map<string, T>();
  if (m.kind === "Sequential") {
    let x = input;
    for (const l of m.layers) {
      x = l.nested ? reference(l.nested, x, d) : layer(l, [x], d);
      values.set(l.name, x);
    }
    return values;
  }
  for (const l of m.layers) {
    if (l.cls === "InputLayer") {
      values.set(l.name, input);
      continue;
    }
    const ins = (l.inbound ?? []).map((n) => values.get(n)!);
    values.set(l.name, l.nested ? reference(l.nested, ins[0]!, d) : layer(l, ins, d));
  }
  return values;
}

/** Runs the model spec on one input sample; returns its output. */
export function reference(m: ModelSpec, input: T, d: Dialect): T {
  const values = referenceAll(m, input, d);
  const last = m.kind === "Sequential" ? m.layers[m.layers.length - 1]!.name : m.outputs![0]!;
  return values.get(last)!;
}
