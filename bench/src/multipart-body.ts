// Multipart bodies for the load generator: built once, written to a file, and
// replayed byte for byte by wrk (Lua strings are binary-safe).
import { randomBytes } from "node:crypto";

/** One file part of a multipart/form-data body. */
export interface MultipartFile {
  field: string;
  filename: string;
  contentType: string;
  bytes: Uint8Array;
}

/** A complete request body and the Content-Type header that goes with it. */
export interface MultipartBody {
  contentType: string;
  body: Buffer;
}

/** Build a `multipart/form-data` body holding `files`, with a random boundary. */
export function buildMultipartBody(files: readonly MultipartFile[], boundary = `bench${randomBytes(12).toString("hex")}`): MultipartBody {
  if (!/^[A-Za-z0-9'()+_,./:=?-]{1,70}$/.test(boundary)) throw new RangeError(`invalid multipart boundary: ${boundary}`);
  const chunks: Buffer[] = [];
  for (const f of files) {
    if (/["\r\n]/.test(f.field + f.filename)) throw new RangeError(`field and file names must not contain quotes or newlines: ${f.filename}`);
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.filename}"\r\nContent-Type: ${f.contentType}\r\n\r\n`,
      ),
      Buffer.from(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength),
      Buffer.from("\r\n"),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(chunks) };
}
