// Keras 3 Functional models store arithmetic on symbolic tensors
// (`inputs / 255.0`, `1.0 - x`) as operations from `keras.src.ops`, with the
// constant among the call's positional args. Their class names (Add,
// Multiply) collide with merge layers, so they are told apart by module.
import type { ErrorContext } from "./errors.js";
import { isJson, label, type Json, type KerasObject } from "./keras-config.js";
import type { TFOp } from "./layers/tf-op-lambda.js";

/** Ops with one tensor and one constant: [op when the tensor comes first, op when the constant does]. */
const BINARY: Record<string, [TFOp, TFOp]> = {
  TrueDivide: ["div", "rdiv"],
  Divide: ["div", "rdiv"],
  Multiply: ["mul", "mul"],
  Add: ["add", "add"],
  Subtract: ["sub", "rsub"],
};

/** Whether the entry is a Keras 3 operation rather than a layer. */
export function isKerasOp(obj: KerasObject): boolean {
  const m = obj.wrapper.module;
  return typeof m === "string" && /^keras(\.src)?\.ops(\.|$)/.test(m);
}

const isTensor = (v: unknown) => isJson(v) && v.class_name === "__keras_tensor__";

/** Translates a supported Keras 3 operation to our KerasTFOpLambda layer config, or refuses it. */
export function translateKerasOp(obj: KerasObject, name: string, ctx: ErrorContext): { className: string; config: Json } {
  const ops = BINARY[obj.className];
  if (ops === undefined) {
    return ctx.fail("UNSUPPORTED_LAYER", `Layer ${label(obj)}: the Keras operation ${obj.className} (${String(obj.wrapper.module)}) is not supported; supported: +, -, *, / by a constant`, {
      layer: label(obj),
    });
  }
  const nodes = obj.wrapper.inbound_nodes;
  const node = Array.isArray(nodes) && nodes.length === 1 && isJson(nodes[0]) ? nodes[0] : null;
  const args = node !== null && Array.isArray(node.args) ? node.args : [];
  const kwargs = node !== null && isJson(node.kwargs) ? Object.values(node.kwargs).filter((v) => v !== null) : [];
  const [a, b] = args;
  const shapeOk = args.length === 2 && kwargs.length === 0;
  if (shapeOk && isTensor(a) && typeof b === "number") return { className: "KerasTFOpLambda", config: { name, op: ops[0], operand: b } };
  if (shapeOk && typeof a === "number" && isTensor(b)) return { className: "KerasTFOpLambda", config: { name, op: ops[1], operand: a } };
  return ctx.option(label(obj), "args", `the operation ${obj.className} is supported only between one tensor and one constant number, called once`);
}
