// Test helper: every group and dataset path of an HDF5 file, sorted, datasets
// with their shape ("/layers/dense/vars/0 [128,10]"), groups ending in "/".
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Lists an HDF5 file's tree (read with h5wasm, independently of the writer). */
export async function listH5(bytes: Uint8Array): Promise<string[]> {
  const h5wasm = await import("h5wasm/node");
  await h5wasm.ready;
  const dir = await mkdtemp(join(tmpdir(), "h5-tree-"));
  try {
    await writeFile(join(dir, "f.h5"), bytes);
    const f = new h5wasm.File(join(dir, "f.h5"), "r");
    const out: string[] = [];
    const walk = (g: InstanceType<typeof h5wasm.Group>, prefix: string): void => {
      for (const name of g.keys()) {
        const child = g.get(name);
        if (child instanceof h5wasm.Group) {
          out.push(`${prefix}${name}/`);
          walk(child, `${prefix}${name}/`);
        } else if (child instanceof h5wasm.Dataset) {
          out.push(`${prefix}${name} ${JSON.stringify(child.shape)}`);
        }
      }
    };
    try {
      walk(f, "/");
    } finally {
      f.close();
    }
    return out.sort();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
