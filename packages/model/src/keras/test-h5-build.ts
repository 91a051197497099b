// Test helper: writes HDF5 files with h5wasm (a real HDF5 library), so the
// reader is checked against files it did not produce itself.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import h5wasm, { type Group } from "h5wasm/node";

/** A float32 array with its shape. */
export interface Arr {
  shape: number[];
  data: Float32Array;
}

/** What to put in the file: attributes per group path ("" = root) and datasets per path. */
export interface H5Content {
  attrs?: Record<string, Record<string, string | string[]>>;
  groups?: string[];
  datasets?: Record<string, Arr>;
}

/** Builds an HDF5 file in a temp dir and returns its bytes. */
export async function buildH5(content: H5Content): Promise<Uint8Array> {
  await h5wasm.ready;
  const dir = mkdtempSync(join(tmpdir(), "keras-h5-"));
  const path = join(dir, "f.h5");
  try {
    const f = new h5wasm.File(path, "w");
    const ensure = (p: string): Group => {
      let g: Group = f;
      for (const part of p.split("/").filter((x) => x !== "")) {
        const next = g.get(part);
        g = next instanceof h5wasm.Group ? next : g.create_group(part);
      }
      return g;
    };
    for (const g of content.groups ?? []) ensure(g);
    for (const [p, arr] of Object.entries(content.datasets ?? {})) {
      const parts = p.split("/");
      const name = parts.pop()!;
      ensure(parts.join("/")).create_dataset({ name, data: arr.data, shape: arr.shape, dtype: "<f" });
    }
    for (const [p, attrs] of Object.entries(content.attrs ?? {})) {
      const g = ensure(p);
      for (const [k, v] of Object.entries(attrs)) {
        // h5py writes an empty name list as an empty float64 array (layers without weights).
        if (Array.isArray(v) && v.length === 0) g.create_attribute(k, [], [0], "<d");
        else g.create_attribute(k, v);
      }
    }
    f.close();
    return new Uint8Array(readFileSync(path));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
