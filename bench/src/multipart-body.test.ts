import { test } from "node:test";
import assert from "node:assert/strict";
import busboy from "busboy";
import { buildMultipartBody } from "./multipart-body.js";

function parse(contentType: string, body: Buffer): Promise<{ field: string; filename: string; bytes: Buffer }[]> {
  return new Promise((resolve, reject) => {
    const out: { field: string; filename: string; bytes: Buffer }[] = [];
    const bb = busboy({ headers: { "content-type": contentType } });
    bb.on("file", (field, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => out.push({ field, filename: info.filename ?? "", bytes: Buffer.concat(chunks) }));
    });
    bb.on("close", () => resolve(out));
    bb.on("error", reject);
    bb.end(body);
  });
}

test("a body with binary files parses back to the same bytes, names and order", async () => {
  const a = Uint8Array.from([0, 13, 10, 45, 45, 255, 137, 80]);
  const b = new Uint8Array(3000).map((_, i) => i % 256);
  const { contentType, body } = buildMultipartBody([
    { field: "file", filename: "a.png", contentType: "image/png", bytes: a },
    { field: "file", filename: "b.jpg", contentType: "image/jpeg", bytes: b },
  ]);
  assert.match(contentType, /^multipart\/form-data; boundary=bench[0-9a-f]{24}$/);
  const parts = await parse(contentType, body);
  assert.deepEqual(parts.map((p) => [p.field, p.filename]), [["file", "a.png"], ["file", "b.jpg"]]);
  assert.deepEqual(new Uint8Array(parts[0]!.bytes), a);
  assert.deepEqual(new Uint8Array(parts[1]!.bytes), b);
});

test("a boundary or file name that would break the framing is refused", () => {
  const f = { field: "file", filename: "x.png", contentType: "image/png", bytes: new Uint8Array(1) };
  assert.throws(() => buildMultipartBody([f], "has space"), RangeError);
  assert.throws(() => buildMultipartBody([{ ...f, filename: 'a".png' }]), RangeError);
});
