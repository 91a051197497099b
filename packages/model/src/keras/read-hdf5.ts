// HDF5 read from memory with jsfive (pure JS): the model bytes may come from a
// zip entry, so a path-based reader would need a temp file.
// @ts-expect-error jsfive ships no type declarations; the part we use is typed below.
import * as jsfiveUntyped from "jsfive";
import type { ErrorContext } from "./errors.js";

interface JsGroup {
  readonly keys: string[];
  readonly attrs: Record<string, unknown>;
  get(path: string): JsGroup | JsDataset;
}
interface JsDataset {
  readonly shape: number[];
  readonly value: unknown;
  readonly attrs: Record<string, unknown>;
}
interface Jsfive {
  File: new (buffer: ArrayBuffer, filename?: string) => JsGroup;
  Dataset: abstract new (...args: never[]) => JsDataset;
}
const jsfive = jsfiveUntyped as unknown as Jsfive;

/** A numeric HDF5 dataset read into memory. */
export interface H5Array {
  shape: number[];
  values: Float32Array;
}

/** Read-only view of an HDF5 file held in memory. */
export class H5Reader {
  private readonly root: JsGroup;

  constructor(bytes: Uint8Array, private readonly ctx: ErrorContext, what = "HDF5 file") {
    const declared = declaredLength(bytes);
    if (declared !== null && declared > bytes.length) {
      ctx.fail("CORRUPT_FILE", `The ${what} is truncated: it declares ${declared} bytes but holds ${bytes.length}`);
    }
    try {
      const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      this.root = new jsfive.File(ab, what);
      void this.root.keys; // forces the root group's links to be parsed now
    } catch (cause) {
      ctx.fail("CORRUPT_FILE", `The ${what} is truncated or corrupt (${describe(cause)})`, { cause });
    }
  }

  /** Root attributes (model_config, keras_version, ...). */
  rootAttrs(): Record<string, unknown> {
    return this.guard(() => cleanAttrs(this.root.attrs), "root attributes");
  }

  /** Whether `path` names a group. */
  isGroup(path: string): boolean {
    const node = this.find(path);
    return node !== null && !(node instanceof jsfive.Dataset) && Array.isArray(node.keys);
  }

  /** Child names of the group at `path` ([] when absent). */
  keys(path: string): string[] {
    const node = this.find(path);
    if (node === null || node instanceof jsfive.Dataset) return [];
    return this.guard(() => node.keys, path);
  }

  /** Attributes of the group or dataset at `path` ({} when absent). */
  attrs(path: string): Record<string, unknown> {
    const node = this.find(path);
    if (node === null) return {};
    return this.guard(() => cleanAttrs(node.attrs), path);
  }

  /** Whether a dataset exists at `path`. */
  hasDataset(path: string): boolean {
    return this.find(path) instanceof jsfive.Dataset;
  }

  /** Reads the dataset at `path` as float32 (null when absent). */
  readArray(path: string): H5Array | null {
    const node = this.find(path);
    if (!(node instanceof jsfive.Dataset)) return null;
    return this.guard(() => {
      const shape = [...node.shape];
      const raw = node.value as ArrayLike<number | bigint>;
      const values = new Float32Array(raw.length);
      for (let i = 0; i < raw.length; i++) values[i] = Number(raw[i]);
      const expected = shape.reduce((a, b) => a * b, 1);
      if (values.length !== expected) throw new Error(`holds ${values.length} values for shape [${shape}]`);
      return { shape, values };
    }, path);
  }

  private find(path: string): JsGroup | JsDataset | null {
    if (path === "" || path === "/") return this.root;
    // jsfive throws (a string) for a missing link; walk step by step instead so
    // "absent" and "corrupt" stay distinguishable.
    let node: JsGroup | JsDataset = this.root;
    for (const part of path.split("/").filter((p) => p !== "")) {
      if (node instanceof jsfive.Dataset) return null;
      const group: JsGroup = node;
      const names = this.guard(() => group.keys, path);
      if (!names.includes(part)) return null;
      node = this.guard(() => group.get(part), path);
    }
    return node;
  }

  private guard<T>(fn: () => T, where: string): T {
    try {
      return fn();
    } catch (cause) {
      return this.ctx.fail("CORRUPT_FILE", `HDF5 data at "${where}" cannot be read (${describe(cause)})`, { cause });
    }
  }
}

/**
 * End-of-file address from the superblock (versions 0–3), i.e. the length
 * the writer produced; null when the superblock cannot be read. jsfive reads
 * lazily, so a cut-off tail would otherwise go unnoticed until a dataset.
 */
function declaredLength(bytes: Uint8Array): number | null {
  if (bytes.length < 16) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = bytes[8]!;
  const offsetSize = version <= 1 ? bytes[13]! : bytes[9]!;
  if (offsetSize !== 8 && offsetSize !== 4) return null;
  // Addresses start after the fixed fields: base, (free-space | extension), end-of-file.
  const first = version === 0 ? 24 : version === 1 ? 28 : 12;
  const read = (at: number): number | null => {
    if (at + offsetSize > bytes.length) return null;
    return offsetSize === 8 ? Number(view.getBigUint64(at, true)) : view.getUint32(at, true);
  };
  const base = read(first);
  const eof = read(first + 2 * offsetSize);
  if (base === null || eof === null) return null;
  return base + eof;
}

/**
 * Fixed-length strings (numpy "S" arrays, as h5py writes Keras's
 * layer_names / weight_names) may come back padded with NULs or spaces
 * depending on the writer's padding flag; names are compared exactly later.
 */
function cleanAttrs(attrs: Record<string, unknown>): Record<string, unknown> {
  const clean = (v: unknown): unknown =>
    typeof v === "string" ? v.replace(/[\0 ]+$/, "") : Array.isArray(v) ? v.map(clean) : v;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(attrs)) out[k] = clean(v);
  return out;
}

function describe(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
