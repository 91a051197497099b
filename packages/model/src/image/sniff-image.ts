// Format and dimensions from the first bytes of a file, so the API can refuse
// a non-image or a pixel bomb before it is queued, without decoding anything.

/** Image formats the service accepts. */
export type ImageType = "png" | "jpeg" | "webp" | "gif" | "tiff";

/** What the header says; width/height are absent when not cheaply readable. */
export interface SniffedImage {
  type: ImageType;
  mime: string;
  width?: number;
  height?: number;
}

const MIME: Record<ImageType, string> = {
  png: "image/png",
  jpeg: "image/jpeg",
  webp: "image/webp",
  gif: "image/gif",
  tiff: "image/tiff",
};

function ascii(b: Uint8Array, at: number, text: string): boolean {
  if (b.length < at + text.length) return false;
  for (let i = 0; i < text.length; i++) if (b[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

const u16be = (b: Uint8Array, i: number) => (b[i]! << 8) | b[i + 1]!;
const u16le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8);
const u24le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16);
const u32be = (b: Uint8Array, i: number) => ((b[i]! << 24) >>> 0) + (b[i + 1]! << 16) + (b[i + 2]! << 8) + b[i + 3]!;

function withSize(type: ImageType, width?: number, height?: number): SniffedImage {
  const out: SniffedImage = { type, mime: MIME[type] };
  if (width !== undefined && height !== undefined && width > 0 && height > 0) {
    out.width = width;
    out.height = height;
  }
  return out;
}

function pngSize(b: Uint8Array): [number, number] | [] {
  // The first chunk must be IHDR: length(4) "IHDR" width(4) height(4).
  return b.length >= 24 && ascii(b, 12, "IHDR") ? [u32be(b, 16), u32be(b, 20)] : [];
}

function jpegSize(b: Uint8Array): [number, number] | [] {
  // Walk the marker segments up to the first start-of-frame (SOF0..SOF15,
  // except DHT C4, JPG C8 and DAC CC, which share the range).
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return [];
    const marker = b[i + 1]!;
    if (marker === 0xff) { i++; continue; }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) { i += 2; continue; }
    if (marker === 0xd9 || marker === 0xda) return [];
    const len = u16be(b, i + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return [u16be(b, i + 7), u16be(b, i + 5)];
    }
    if (len < 2) return [];
    i += 2 + len;
  }
  return [];
}

function webpSize(b: Uint8Array): [number, number] | [] {
  if (b.length < 30) return [];
  if (ascii(b, 12, "VP8 ") && b[23] === 0x9d && b[24] === 0x01 && b[25] === 0x2a) {
    return [u16le(b, 26) & 0x3fff, u16le(b, 28) & 0x3fff];
  }
  if (ascii(b, 12, "VP8L") && b[20] === 0x2f) {
    const bits = b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24);
    return [(bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1];
  }
  if (ascii(b, 12, "VP8X")) return [u24le(b, 24) + 1, u24le(b, 27) + 1];
  return [];
}

/**
 * Identify PNG, JPEG, WebP, GIF or TIFF by magic bytes and read the pixel
 * size from the header where that is cheap. `null` for anything else.
 */
export function sniffImage(bytes: Uint8Array): SniffedImage | null {
  const b = bytes;
  if (ascii(b, 0, "\x89PNG\r\n\x1a\n")) return withSize("png", ...pngSize(b));
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return withSize("jpeg", ...jpegSize(b));
  if (ascii(b, 0, "GIF87a") || ascii(b, 0, "GIF89a")) {
    return withSize("gif", ...(b.length >= 10 ? ([u16le(b, 6), u16le(b, 8)] as const) : []));
  }
  if (ascii(b, 0, "RIFF") && ascii(b, 8, "WEBP")) return withSize("webp", ...webpSize(b));
  if (ascii(b, 0, "II*\0") || ascii(b, 0, "MM\0*")) return withSize("tiff");
  return null;
}
