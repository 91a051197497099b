// A small typed HDF5 writer over h5wasm. h5wasm's Node build works on the
// host file system (Emscripten NODERAWFS), so the tree is written to a private
// temp file and read back as bytes; the temp directory is always removed.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Numeric element types the writer stores (all little-endian). */
export type H5Dtype =
  | "float32"
  | "float64"
  | "int8"
  | "int16"
  | "int32"
  | "int64"
  | "uint8"
  | "uint16"
  | "uint32"
  | "uint64";

/** A numeric array: `data` is row-major with `product(shape)` elements; `shape: []` is a scalar. */
export interface H5Numeric {
  shape: number[];
  dtype: H5Dtype;
  data: ArrayLike<number> | ArrayLike<bigint>;
}

/**
 * A string attribute with an explicit storage type. Plain JS strings are stored
 * as variable-length UTF-8 (what h5py does for `str`); use this form for
 * variable-length ASCII (`charset: "ascii"`, what Keras 2 stores for bytes) or
 * fixed-length strings (`fixedLength`, numpy `S<n>`).
 */
export interface H5Strings {
  strings: string | string[];
  /** @defaultValue "utf-8" */
  charset?: "utf-8" | "ascii";
  /** Byte length of a fixed-length string type; omit for variable length. */
  fixedLength?: number;
}

/** An attribute value: string(s) as variable-length UTF-8, number(s) as float64, or an explicit form. */
export type H5AttrValue = string | string[] | number | number[] | H5Numeric | H5Strings;

/** A dataset: a numeric array with optional attributes. */
export interface H5DatasetSpec extends H5Numeric {
  attrs?: Record<string, H5AttrValue>;
}

/** A group: attributes, child groups and datasets (the root node is the file). */
export interface H5Node {
  attrs?: Record<string, H5AttrValue>;
  groups?: Record<string, H5Node>;
  datasets?: Record<string, H5DatasetSpec>;
}

/** Options for {@link writeH5}. */
export interface WriteH5Options {
  /**
   * Keep creation order of links and attributes (h5py's `track_order`).
   * @defaultValue false (h5py's default: readers list names alphabetically)
   */
  trackOrder?: boolean;
}

/** A tree that cannot be written (bad name, shape or data); `path` names the offending node. */
export class H5WriteError extends Error {
  readonly code = "H5_WRITE_FAILED";
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(`${path}: ${message}`);
    this.name = "H5WriteError";
  }
}

// h5wasm's dtype parser takes struct-style letters, not numpy's "u"/"i<n>" codes.
const H5WASM_DTYPE: Record<H5Dtype, string> = {
  float32: "<f",
  float64: "<d",
  int8: "<b",
  int16: "<h",
  int32: "<i",
  int64: "<q",
  uint8: "<B",
  uint16: "<H",
  uint32: "<I",
  uint64: "<Q",
};

type H5wasmModule = typeof import("h5wasm/node");
type H5Group = InstanceType<H5wasmModule["Group"]>;
type H5Dataset = InstanceType<H5wasmModule["Dataset"]>;

let h5wasmPromise: Promise<H5wasmModule> | undefined;

/** Loads h5wasm's Node build once (its wasm module initialises asynchronously). */
async function loadH5wasm(): Promise<H5wasmModule> {
  h5wasmPromise ??= import("h5wasm/node").then(async (mod) => {
    await mod.ready;
    return mod;
  });
  return h5wasmPromise;
}

function toTypedArray(value: H5Numeric, path: string): ArrayBufferView {
  const { dtype, data, shape } = value;
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new H5WriteError(`shape must be non-negative integers, got ${JSON.stringify(shape)}`, path);
  }
  if (!(dtype in H5WASM_DTYPE)) throw new H5WriteError(`unsupported dtype ${String(dtype)}`, path);
  const expected = shape.reduce((a, b) => a * b, 1);
  if (data.length !== expected) {
    throw new H5WriteError(`data has ${data.length} elements, shape ${JSON.stringify(shape)} needs ${expected}`, path);
  }
  const numbers = data as ArrayLike<number>;
  const bigs = (): bigint[] => Array.from(data as ArrayLike<number | bigint>, (v) => BigInt(v));
  switch (dtype) {
    case "float32": return Float32Array.from(numbers);
    case "float64": return Float64Array.from(numbers);
    case "int8": return Int8Array.from(numbers);
    case "int16": return Int16Array.from(numbers);
    case "int32": return Int32Array.from(numbers);
    case "uint8": return Uint8Array.from(numbers);
    case "uint16": return Uint16Array.from(numbers);
    case "uint32": return Uint32Array.from(numbers);
    case "int64": return BigInt64Array.from(bigs());
    case "uint64": return BigUint64Array.from(bigs());
  }
}

function checkName(name: string, path: string): void {
  if (name.length === 0 || name.includes("/") || name === "." || name === "..") {
    throw new H5WriteError(`invalid HDF5 name ${JSON.stringify(name)}`, path);
  }
}

function isNumeric(v: H5AttrValue): v is H5Numeric {
  return typeof v === "object" && !Array.isArray(v) && "dtype" in v;
}

function isStrings(v: H5AttrValue): v is H5Strings {
  return typeof v === "object" && !Array.isArray(v) && "strings" in v;
}

function writeAttr(target: H5Group | H5Dataset, name: string, value: H5AttrValue, path: string): void {
  const where = `${path}@${name}`;
  if (name.length === 0) throw new H5WriteError("empty attribute name", where);
  if (typeof value === "string") {
    target.create_attribute(name, value, null, "S");
  } else if (Array.isArray(value) && value.every((v) => typeof v === "string")) {
    target.create_attribute(name, value as string[], [value.length], "S");
  } else if (typeof value === "number" || (Array.isArray(value) && value.every((v) => typeof v === "number"))) {
    const arr = Float64Array.from(typeof value === "number" ? [value] : (value as number[]));
    target.create_attribute(name, arr, typeof value === "number" ? [] : [arr.length], "<d");
  } else if (isStrings(value)) {
    const letter = value.charset === "ascii" ? "A" : "S";
    const list = Array.isArray(value.strings) ? value.strings : [value.strings];
    if (value.fixedLength !== undefined) {
      const longest = Math.max(1, ...list.map((s) => Buffer.byteLength(s)));
      if (!Number.isInteger(value.fixedLength) || value.fixedLength < longest) {
        throw new H5WriteError(`fixedLength ${value.fixedLength} is shorter than the longest string (${longest} bytes)`, where);
      }
    }
    const dtype = `${letter}${value.fixedLength ?? ""}`;
    const shape = Array.isArray(value.strings) ? [list.length] : [];
    target.create_attribute(name, Array.isArray(value.strings) ? list : list[0]!, shape, dtype);
  } else if (isNumeric(value)) {
    const arr = toTypedArray(value, where);
    target.create_attribute(name, arr as Float32Array, value.shape, H5WASM_DTYPE[value.dtype]);
  } else {
    throw new H5WriteError("attribute must be string(s), number(s), {dtype, shape, data} or {strings}", where);
  }
}

function writeNode(group: H5Group, node: H5Node, path: string, trackOrder: boolean): void {
  for (const [name, value] of Object.entries(node.attrs ?? {})) writeAttr(group, name, value, path);
  for (const [name, spec] of Object.entries(node.datasets ?? {})) {
    const where = `${path === "/" ? "" : path}/${name}`;
    checkName(name, where);
    const data = toTypedArray(spec, where);
    const ds = group.create_dataset({
      name,
      data: data as Float32Array,
      shape: spec.shape,
      dtype: H5WASM_DTYPE[spec.dtype],
      track_order: trackOrder,
    });
    for (const [attr, value] of Object.entries(spec.attrs ?? {})) writeAttr(ds, attr, value, where);
  }
  for (const [name, child] of Object.entries(node.groups ?? {})) {
    const where = `${path === "/" ? "" : path}/${name}`;
    checkName(name, where);
    if (node.datasets && name in node.datasets) throw new H5WriteError("name used by both a group and a dataset", where);
    writeNode(group.create_group(name, trackOrder), child, where, trackOrder);
  }
}

/** Writes a tree of groups, datasets and attributes as HDF5 file bytes. */
export async function writeH5(tree: H5Node, options: WriteH5Options = {}): Promise<Uint8Array> {
  const h5wasm = await loadH5wasm();
  const dir = await mkdtemp(join(tmpdir(), "repo-h5-"));
  const file = join(dir, "out.h5");
  try {
    const f = new h5wasm.File(file, "w", { track_order: options.trackOrder ?? false });
    try {
      writeNode(f, tree, "/", options.trackOrder ?? false);
    } catch (err) {
      if (err instanceof H5WriteError) throw err;
      // h5wasm throws strings and bare errors from the C library; give them a type and a path.
      throw new H5WriteError(err instanceof Error ? err.message : String(err), "/");
    } finally {
      f.close();
    }
    return new Uint8Array(await readFile(file));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
