import { test } from "node:test";
import assert from "node:assert/strict";
import { ApiError } from "../errors/api-error.js";
import { readMultipart } from "./read-multipart.js";

const boundary = "----test-boundary";
const head = (field: string, filename: string) =>
  Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: image/png\r\n\r\n`);
const tail = Buffer.from(`\r\n--${boundary}--\r\n`);

/** A request whose body is produced chunk by chunk, counting what the parser pulled. */
function streamingRequest(totalFileBytes: number, chunk = 64 * 1024) {
  let sent = 0;
  let pulled = 0;
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent === 0) controller.enqueue(head("file", "big.png"));
      if (sent >= totalFileBytes) {
        controller.enqueue(tail);
        controller.close();
        return;
      }
      const n = Math.min(chunk, totalFileBytes - sent);
      sent += n;
      pulled += n;
      controller.enqueue(new Uint8Array(n));
    },
    cancel() {
      cancelled = true;
    },
  });
  const req = new Request("http://x/predict", {
    method: "POST",
    body,
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
    duplex: "half",
  } as RequestInit);
  return { req, stats: () => ({ pulled, cancelled }) };
}

const input = (req: Request) => ({ contentType: req.headers.get("content-type") ?? undefined, body: req.body });

const limits = { fileField: "file", maxFiles: 1, maxFileBytes: 1024 * 1024, maxTotalBytes: 1024 * 1024 };

test("a 60 MB file is refused with 413; the rest is read and dropped so the client can read the answer", async () => {
  const { req, stats } = streamingRequest(60 * 1024 * 1024);
  await assert.rejects(readMultipart(input(req), limits), (e: unknown) => {
    assert.ok(e instanceof ApiError && e.code === "PAYLOAD_TOO_LARGE", String(e));
    assert.equal(e.extra.headers?.Connection, undefined, "the connection stays usable");
    return true;
  });
  assert.equal(stats().pulled, 60 * 1024 * 1024, "drained to the end");
});

test("past the drain bounds the body is cancelled and the error asks for Connection: close", async () => {
  const { req, stats } = streamingRequest(60 * 1024 * 1024);
  await assert.rejects(readMultipart(input(req), { ...limits, discard: { maxBytes: 1024 * 1024 } }), (e: unknown) => {
    assert.ok(e instanceof ApiError && e.code === "PAYLOAD_TOO_LARGE", String(e));
    assert.equal(e.extra.headers?.Connection, "close");
    return true;
  });
  const { pulled, cancelled } = stats();
  assert.ok(pulled < 3 * 1024 * 1024, `read ${pulled} bytes of 60 MB`);
  assert.equal(cancelled, true);
});

test("a file of exactly the limit is accepted whole", async () => {
  const { req } = streamingRequest(1024 * 1024);
  const form = await readMultipart(input(req), limits);
  assert.equal(form.files.length, 1);
  assert.equal(form.files[0]!.bytes.length, 1024 * 1024);
  assert.equal(form.files[0]!.filename, "big.png");
  assert.equal(form.fileBytes, 1024 * 1024);
});

test("files in other fields are skipped and text fields are returned", async () => {
  const form = new FormData();
  form.append("other", new Blob([new Uint8Array(10)]), "o.png");
  form.append("file", new Blob([new Uint8Array([1, 2, 3])]), "a.png");
  form.append("note", "hello");
  const parsed = await readMultipart(input(new Request("http://x/", { method: "POST", body: form })), { ...limits, maxFiles: 5 });
  assert.deepEqual(parsed.files.map((f) => [f.filename, [...f.bytes]]), [["a.png", [1, 2, 3]]]);
  assert.deepEqual(parsed.fields, { note: "hello" });
});

test("too many text fields is refused (413), so a client cannot make us hold unbounded parts", async () => {
  const form = new FormData();
  for (let i = 0; i < 50; i++) form.append(`f${i}`, "v");
  await assert.rejects(
    readMultipart(input(new Request("http://x/", { method: "POST", body: form })), limits),
    (e: unknown) => e instanceof ApiError && e.status === 413,
  );
});

test("a text part named file (no filename) is 400 with a message saying it must be a file upload", async () => {
  const form = new FormData();
  form.append("file", "iVBORw0KGgo=");
  await assert.rejects(
    readMultipart(input(new Request("http://x/", { method: "POST", body: form })), limits),
    (e: unknown) => e instanceof ApiError && e.code === "BAD_REQUEST" && /file upload/.test(e.message),
  );
});

test("a non-multipart content type is 400 BAD_REQUEST naming what was sent", async () => {
  const req = new Request("http://x/", { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
  await assert.rejects(readMultipart(input(req), limits), (e: unknown) => e instanceof ApiError && e.code === "BAD_REQUEST" && /application\/json/.test(e.message));
});

test("fed from a Node stream (as under @hono/node-server), an over-limit file is 413 and the rest is drained", async () => {
  const { PassThrough } = await import("node:stream");
  const incoming = new PassThrough();
  const parsing = readMultipart({ contentType: `multipart/form-data; boundary=${boundary}`, incoming }, limits);
  incoming.write(head("file", "big.png"));
  const chunk = new Uint8Array(256 * 1024);
  for (let i = 0; i < 40; i++) incoming.write(chunk); // 10 MB, over the 1 MB limit
  incoming.end(tail);
  await assert.rejects(parsing, (e: unknown) => e instanceof ApiError && e.code === "PAYLOAD_TOO_LARGE" && e.extra.headers?.Connection === undefined);
  assert.equal(incoming.readableEnded, true, "drained to the end");
});

test("fed from a Node stream, a normal upload parses the same as from a web body", async () => {
  const { PassThrough } = await import("node:stream");
  const incoming = new PassThrough();
  const parsing = readMultipart({ contentType: `multipart/form-data; boundary=${boundary}`, incoming }, limits);
  incoming.end(Buffer.concat([head("file", "a.png"), Buffer.from([1, 2, 3]), tail]));
  const form = await parsing;
  assert.deepEqual(form.files.map((f) => [f.filename, [...f.bytes]]), [["a.png", [1, 2, 3]]]);
});
