import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ErrorContext, ModelLoadError } from "./errors.js";
import type { Json } from "./keras-config.js";
import { translateModel } from "./translate-model.js";

const ctx = new ErrorContext("m.keras");
const k3 = { kerasMajor: 3 } as const;
const dense = (name: string) => ({ class_name: "Dense", config: { name, units: 2, activation: "relu" } });
const kt = (name: string) => ({ class_name: "__keras_tensor__", config: { shape: [null, 2], dtype: "float32", keras_history: [name, 0, 0] } });

describe("translating whole model configs", () => {
  it("reads a Keras ≤ 2.2 Sequential whose config is a bare list of layers", () => {
    const t = translateModel(
      { class_name: "Sequential", config: [{ class_name: "Dense", config: { name: "d", units: 2, batch_input_shape: [null, 3] } }] },
      { kerasMajor: 2 },
      ctx,
    );
    const layers = (t.topology.config as Json).layers as Json[];
    assert.equal(layers.length, 1);
    assert.deepEqual((layers[0]!.config as Json).batch_input_shape, [null, 3]);
  });

  it("gives a Sequential without InputLayer its Keras 3 build_input_shape", () => {
    const t = translateModel({ class_name: "Sequential", config: { name: "s", layers: [dense("d")], build_input_shape: [null, 4] } }, k3, ctx);
    const first = ((t.topology.config as Json).layers as Json[])[0]!;
    assert.deepEqual((first.config as Json).batch_input_shape, [null, 4]);
  });

  it("turns Keras 3 call nodes into Keras 2 node lists and shifts calls of nested models by one", () => {
    const t = translateModel(
      {
        class_name: "Functional",
        config: {
          name: "f",
          layers: [
            { class_name: "InputLayer", name: "in", config: { name: "in", batch_shape: [null, 2] }, inbound_nodes: [] },
            { class_name: "Sequential", name: "inner", config: { name: "inner", layers: [{ class_name: "InputLayer", config: { name: "ii", batch_shape: [null, 2] } }, dense("d")] }, inbound_nodes: [{ args: [kt("in")], kwargs: {} }] },
            { class_name: "Add", name: "add", config: { name: "add" }, inbound_nodes: [{ args: [[kt("in"), kt("inner")]], kwargs: {} }] },
          ],
          input_layers: ["in", 0, 0],
          output_layers: ["add", 0, 0],
        },
      },
      k3,
      ctx,
    );
    const config = t.topology.config as Json;
    const add = (config.layers as Json[])[2]!;
    assert.deepEqual(add.inbound_nodes, [[["in", 0, 0, {}], ["inner", 1, 0, {}]]]);
    assert.deepEqual(config.input_layers, [["in", 0, 0]]);
    assert.equal(t.plan.layers[1]!.nested?.kind, "Sequential");
  });

  it("refuses a subclassed top-level model with UNSUPPORTED_LAYER", () => {
    assert.throws(
      () => translateModel({ class_name: "MyModel", config: {} }, k3, ctx),
      (e: unknown) => e instanceof ModelLoadError && e.code === "UNSUPPORTED_LAYER" && /MyModel/.test(e.message),
    );
  });
});
