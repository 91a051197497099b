// TFOpLambda (tf.keras 2.x): a TensorFlow function called on a symbolic
// tensor inside a Functional model. Only functions with a fixed, exactly
// reproducible meaning are accepted; their constant arguments arrive from
// the layer's inbound node as `call_kwargs` (see translate-model.ts).
import { isJson, type Json } from "./keras-config.js";
import type { OptionReader } from "./options.js";
import type { TFOp } from "./layers/tf-op-lambda.js";

const ARITHMETIC: Record<string, TFOp> = {
  "math.truediv": "div",
  "math.divide": "div",
  "math.multiply": "mul",
  "math.add": "add",
  "__operators__.add": "add",
  "math.subtract": "sub",
};
const UNARY: Record<string, TFOp> = { "nn.relu": "relu", "math.sigmoid": "sigmoid", "nn.sigmoid": "sigmoid" };

/** Translates a TFOpLambda layer, or refuses it naming the function and argument. */
export function translateTFOpLambda(o: OptionReader): { className: string; config: Json } {
  const fn = o.get("function");
  const raw = o.get("call_kwargs");
  const kwargs: Json = isJson(raw) ? raw : {};
  if (typeof fn !== "string") return o.unsupported("function", fn, "expected the name of a TensorFlow function");
  const used = new Set(["name"]);
  const number = (key: string): number => {
    used.add(key);
    const v = kwargs[key];
    if (typeof v !== "number") o.unsupported(`${fn}(${key})`, v, "only a constant number is supported here, not a tensor");
    return v;
  };
  let config: Json;
  if (ARITHMETIC[fn] !== undefined) {
    config = { op: ARITHMETIC[fn], operand: number("y") };
  } else if (UNARY[fn] !== undefined) {
    config = { op: UNARY[fn] };
  } else if (fn === "nn.softmax" || fn === "math.softmax") {
    const axis = kwargs.axis ?? kwargs.dim ?? -1;
    used.add("axis").add("dim");
    if (axis !== -1) o.unsupported(`${fn}(axis)`, axis, "only the last axis is supported");
    config = { op: "softmax", axis: -1 };
  } else if (fn === "expand_dims") {
    config = { op: "expandDims", axis: number("axis") };
  } else if (fn === "reshape") {
    used.add("shape");
    const shape = kwargs.shape;
    const ok = Array.isArray(shape) && (shape[0] === -1 || shape[0] === null) && shape.slice(1).every((d) => typeof d === "number" && d > 0);
    if (!ok) o.unsupported(`${fn}(shape)`, shape, "expected [-1, d1, d2, ...] with fixed dimensions");
    config = { op: "reshape", target_shape: (shape as number[]).slice(1) };
  } else if (fn === "cast") {
    used.add("dtype");
    const dtype = kwargs.dtype;
    if (typeof dtype !== "string" || !/^float(16|32|64)$/.test(dtype)) o.unsupported(`${fn}(dtype)`, dtype, "only casts to a float type are supported");
    config = { op: "identity" };
  } else {
    return o.unsupported("function", fn, "this TensorFlow function cannot be rebuilt; supported: +, -, *, / by a constant, expand_dims, reshape, cast to float, nn.softmax, nn.relu, sigmoid");
  }
  for (const [k, v] of Object.entries(kwargs)) {
    if (!used.has(k) && v !== null && v !== undefined) o.unsupported(`${fn}(${k})`, v, "argument not supported");
  }
  return { className: "KerasTFOpLambda", config };
}
