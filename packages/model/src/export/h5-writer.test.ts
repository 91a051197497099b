import assert from "node:assert/strict";
import { describe, it } from "node:test";
// @ts-expect-error jsfive ships no type declarations
import * as jsfive from "jsfive";
import { H5WriteError, writeH5 } from "./h5-writer.js";

interface JsfiveNode {
  keys: string[];
  attrs: Record<string, unknown>;
  get(path: string): JsfiveNode & { value: ArrayLike<number>; shape: number[]; dtype: string };
}

function openWithJsfive(bytes: Uint8Array): JsfiveNode {
  const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return new jsfive.File(buf, "test.h5") as JsfiveNode;
}

describe("writeH5", () => {
  it("writes groups, float32 datasets and attributes that jsfive reads back", async () => {
    const bytes = await writeH5({
      attrs: {
        model_config: { strings: '{"class_name":"Sequential"}', charset: "ascii" },
        keras_version: "2.14.0",
      },
      groups: {
        layers: {
          groups: {
            dense: {
              attrs: { weight_names: ["dense/kernel:0", "dense/bias:0"] },
              groups: {
                vars: {
                  datasets: {
                    "0": { shape: [2, 3], dtype: "float32", data: [1, 2, 3, 4, 5, 6.5] },
                    "1": { shape: [3], dtype: "float32", data: new Float32Array([0.25, -1, 7]) },
                  },
                },
              },
            },
          },
        },
        vars: {},
      },
    });
    assert.equal(bytes[0], 0x89);
    assert.equal(String.fromCharCode(...bytes.subarray(1, 4)), "HDF");
    const f = openWithJsfive(bytes);
    assert.deepEqual([...f.keys].sort(), ["layers", "vars"]);
    assert.equal(f.attrs["model_config"], '{"class_name":"Sequential"}');
    assert.equal(f.attrs["keras_version"], "2.14.0");
    assert.deepEqual(f.get("layers/dense").attrs["weight_names"], ["dense/kernel:0", "dense/bias:0"]);
    const kernel = f.get("layers/dense/vars/0");
    assert.deepEqual(kernel.shape, [2, 3]);
    assert.deepEqual(Array.from(kernel.value), [1, 2, 3, 4, 5, 6.5]);
    assert.deepEqual(Array.from(f.get("layers/dense/vars/1").value), [0.25, -1, 7]);
    assert.deepEqual(f.get("vars").keys, []);
  });

  it("stores scalars, integer dtypes, numeric attributes and fixed-length strings", async () => {
    const h5wasm = await import("h5wasm/node");
    await h5wasm.ready;
    const bytes = await writeH5({
      attrs: { ratio: 0.5, sizes: [1, 2, 3], names: { strings: ["a", "bcd"], charset: "ascii", fixedLength: 3 } },
      datasets: {
        iterations: { shape: [], dtype: "int64", data: [42] },
        counts: { shape: [4], dtype: "uint8", data: [0, 1, 254, 255], attrs: { unit: "count" } },
        empty: { shape: [0], dtype: "float64", data: [] },
      },
    });
    const { mkdtemp, writeFile, rm } = await import("node:fs/promises");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const dir = await mkdtemp(join(tmpdir(), "h5-writer-test-"));
    try {
      await writeFile(join(dir, "t.h5"), bytes);
      const f = new h5wasm.File(join(dir, "t.h5"), "r");
      try {
        const iterations = f.get("iterations") as InstanceType<typeof h5wasm.Dataset>;
        assert.deepEqual(iterations.shape, []);
        assert.equal(iterations.dtype, "<q");
        assert.equal(iterations.value, 42n);
        const counts = f.get("counts") as InstanceType<typeof h5wasm.Dataset>;
        assert.deepEqual(Array.from(counts.value as Uint8Array), [0, 1, 254, 255]);
        assert.equal(counts.attrs["unit"]?.value, "count");
        assert.deepEqual((f.get("empty") as InstanceType<typeof h5wasm.Dataset>).shape, [0]);
        assert.equal(f.attrs["ratio"]?.value, 0.5);
        assert.deepEqual(Array.from(f.attrs["sizes"]?.value as Float64Array), [1, 2, 3]);
        assert.equal(f.attrs["names"]?.dtype, "A3");
        assert.deepEqual(f.attrs["names"]?.value, ["a", "bcd"]);
      } finally {
        f.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("rejects data that does not fit its shape with a typed error naming the path", async () => {
    await assert.rejects(
      writeH5({ groups: { g: { datasets: { w: { shape: [2, 2], dtype: "float32", data: [1, 2, 3] } } } } }),
      (err: unknown) => err instanceof H5WriteError && err.path === "/g/w" && /3 elements/.test(err.message),
    );
  });

  it("rejects names containing a slash", async () => {
    await assert.rejects(writeH5({ groups: { "a/b": {} } }), H5WriteError);
  });
});
