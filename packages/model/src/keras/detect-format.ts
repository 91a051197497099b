// Model files are recognised by their first bytes, never by their extension:
// users name legacy HDF5 files ".keras" and zips ".h5".

/** The container a model file uses. */
export type Container = "zip" | "hdf5";

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const ZIP_EMPTY_MAGIC = [0x50, 0x4b, 0x05, 0x06];
const HDF5_MAGIC = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, magic: number[], at = 0): boolean {
  if (bytes.length < at + magic.length) return false;
  return magic.every((b, i) => bytes[at + i] === b);
}

/** Detects zip or HDF5 from magic bytes; null for anything else. */
export function detectContainer(bytes: Uint8Array): Container | null {
  if (startsWith(bytes, ZIP_MAGIC) || startsWith(bytes, ZIP_EMPTY_MAGIC)) return "zip";
  // Keras never writes an HDF5 user block, so the signature sits at offset 0.
  if (startsWith(bytes, HDF5_MAGIC)) return "hdf5";
  return null;
}
