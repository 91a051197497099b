import type { Readable } from "node:stream";
import busboy from "busboy";
import { ApiError } from "../errors/api-error.js";
import { discardNodeRest, discardRest, type DiscardLimits } from "./discard-body.js";

/** Limits for one multipart request. Every limit is enforced while streaming. */
export interface MultipartLimits {
  /** Only files in this field are kept; files in other fields are skipped. */
  fileField: string;
  /** Bytes per file; one byte more → 413 PAYLOAD_TOO_LARGE. */
  maxFileBytes: number;
  /** Files in `fileField`; one more → 413 TOO_MANY_FILES (or 400 when `maxFiles` is 1). */
  maxFiles: number;
  /** All kept files together. */
  maxTotalBytes: number;
  /** Parts of any kind (files + fields). @defaultValue maxFiles + maxFields */
  maxParts?: number;
  /** Non-file fields. @defaultValue 16 */
  maxFields?: number;
  /** Bytes per non-file field value. @defaultValue 1024 */
  maxFieldBytes?: number;
  /** How much of a refused body is read and dropped before answering. */
  discard?: DiscardLimits;
}

/** Where the body comes from. */
export interface MultipartInput {
  contentType: string | undefined;
  /**
   * Node's request stream when served by @hono/node-server: piped straight
   * into busboy, skipping the web-stream bridge (that bridge cost more CPU
   * than the parsing itself; see apps/api/scripts/measure-multipart.ts).
   */
  incoming?: Readable;
  /** Otherwise the web body (app.request() in tests, other runtimes). */
  body?: ReadableStream<Uint8Array> | null;
}

/** One file as received. */
export interface ReceivedFile {
  filename: string;
  bytes: Uint8Array;
}

/** The parsed request: the files of `fileField` in upload order, and the text fields. */
export interface MultipartForm {
  files: ReceivedFile[];
  fields: Record<string, string>;
  /** Bytes of the kept files, for metrics. */
  fileBytes: number;
}

const MULTIPART = /^multipart\/form-data\s*;/i;

/**
 * Parse a `multipart/form-data` body with busboy, streaming: a file is cut
 * off (and the request refused) as soon as it passes its limit, so a 60 MB
 * upload never sits in memory. Throws {@link ApiError}: BAD_REQUEST (not
 * multipart, malformed), PAYLOAD_TOO_LARGE, TOO_MANY_FILES.
 */
export async function readMultipart(input: MultipartInput, limits: MultipartLimits): Promise<MultipartForm> {
  const contentType = input.contentType ?? "";
  if (!MULTIPART.test(contentType)) {
    throw new ApiError(
      "BAD_REQUEST",
      `expected multipart/form-data with the image in field "${limits.fileField}", got ${contentType ? JSON.stringify(contentType.split(";")[0]) : "no content-type"}`,
    );
  }
  if (!input.incoming && !input.body) throw new ApiError("MISSING_FILE", `no file in field "${limits.fileField}"`);

  const maxFields = limits.maxFields ?? 16;
  let bb: busboy.Busboy;
  try {
    bb = busboy({
      headers: { "content-type": contentType },
      limits: {
        // busboy signals 'limit' on reaching fileSize, so one byte more means "over".
        fileSize: limits.maxFileBytes + 1,
        // busboy ignores files past this count and emits 'filesLimit'; we refuse instead.
        files: limits.maxFiles,
        fields: maxFields,
        parts: limits.maxParts ?? limits.maxFiles + maxFields,
        fieldSize: limits.maxFieldBytes ?? 1024,
        headerPairs: 32,
      },
    });
  } catch (err) {
    throw new ApiError("BAD_REQUEST", `malformed multipart request: ${(err as Error).message}`);
  }

  const files: ReceivedFile[] = [];
  const fields: Record<string, string> = {};
  let total = 0;
  let failure: ApiError | null = null;
  let pendingFiles = 0;
  let busboyDone = false;

  return await new Promise<MultipartForm>((resolve, reject) => {
    const feed = input.incoming ? feedFromNode(input.incoming, bb) : feedFromWeb(input.body!, bb);
    const fail = (err: ApiError) => {
      if (failure) return;
      failure = err;
      void feed.stopAndDiscard(limits.discard).then((complete) => reject(complete ? err : withConnectionClose(err)));
    };
    feed.onReadError((err) => {
      if (failure) return;
      failure = new ApiError("BAD_REQUEST", `could not read the request body: ${err.message}`);
      reject(withConnectionClose(failure));
    });
    const maybeFinish = () => {
      if (!failure && busboyDone && pendingFiles === 0) resolve({ files, fields, fileBytes: total });
    };

    bb.on("file", (name, stream, info) => {
      // A part cut off mid-way errors its stream too; without a listener that would crash the process.
      stream.on("error", (err: Error) => fail(new ApiError("BAD_REQUEST", `malformed multipart body: ${err.message}`)));
      if (failure || name !== limits.fileField) {
        stream.resume();
        return;
      }
      const entry: ReceivedFile = { filename: info.filename ?? "", bytes: new Uint8Array(0) };
      files.push(entry);
      pendingFiles++;
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on("data", (chunk: Buffer) => {
        size += chunk.length;
        total += chunk.length;
        // Over the per-file limit: busboy's 'limit' event follows and names the right cause.
        if (size > limits.maxFileBytes) return;
        if (total > limits.maxTotalBytes) {
          fail(new ApiError("PAYLOAD_TOO_LARGE", `uploads over ${limits.maxTotalBytes} bytes in total`));
          return;
        }
        if (!failure) chunks.push(chunk);
      });
      stream.on("limit", () =>
        fail(new ApiError("PAYLOAD_TOO_LARGE", `file over the limit of ${limits.maxFileBytes} bytes per file`)),
      );
      stream.on("end", () => {
        pendingFiles--;
        if (!failure) entry.bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
        maybeFinish();
      });
    });
    bb.on("field", (name, value, info) => {
      if (name === limits.fileField) {
        // A part without a filename is a text field to busboy (curl -F 'file=<x' sends one).
        fail(new ApiError("BAD_REQUEST", `field "${name}" must be a file upload (a part with a filename)`));
      } else if (info.valueTruncated) fail(new ApiError("BAD_REQUEST", `field "${name}" is too long`));
      else fields[name] = value;
    });
    bb.on("filesLimit", () =>
      fail(
        limits.maxFiles === 1
          ? new ApiError("BAD_REQUEST", "this endpoint takes one file; use POST /jobs for several")
          : new ApiError("TOO_MANY_FILES", `more than ${limits.maxFiles} files in one request`),
      ),
    );
    bb.on("fieldsLimit", () => fail(new ApiError("PAYLOAD_TOO_LARGE", `more than ${maxFields} form fields`)));
    bb.on("partsLimit", () => fail(new ApiError("PAYLOAD_TOO_LARGE", "too many parts in the multipart body")));
    bb.on("error", (err: Error) => fail(new ApiError("BAD_REQUEST", `malformed multipart body: ${err.message}`)));
    bb.on("close", () => {
      busboyDone = true;
      maybeFinish();
    });
    feed.start();
  });
}

/** Moves body bytes into busboy; on failure stops and drops the rest. */
interface Feed {
  start(): void;
  onReadError(cb: (err: Error) => void): void;
  stopAndDiscard(limits?: DiscardLimits): Promise<boolean>;
}

function feedFromNode(incoming: Readable, bb: busboy.Busboy): Feed {
  let onErr: (err: Error) => void = () => {};
  return {
    start() {
      incoming.on("error", (err) => onErr(err));
      incoming.on("aborted", () => onErr(new Error("the client aborted the upload")));
      incoming.pipe(bb);
    },
    onReadError(cb) {
      onErr = cb;
    },
    stopAndDiscard(limits) {
      incoming.unpipe(bb);
      return discardNodeRest(incoming, limits);
    },
  };
}

function feedFromWeb(body: ReadableStream<Uint8Array>, bb: busboy.Busboy): Feed {
  const reader = body.getReader();
  let stopped = false;
  let onErr: (err: Error) => void = () => {};
  return {
    start() {
      void (async () => {
        try {
          for (;;) {
            const { done, value } = await reader.read();
            if (stopped) return;
            if (done) break;
            if (!bb.write(value)) await drained(bb);
          }
          bb.end();
        } catch (err) {
          if (!stopped) onErr(err as Error);
        }
      })();
    },
    onReadError(cb) {
      onErr = cb;
    },
    stopAndDiscard(limits) {
      stopped = true;
      return discardRest(reader, limits);
    },
  };
}

// Resolves on 'drain', or when busboy stops (error/close) so the read loop never hangs.
function drained(stream: NodeJS.EventEmitter): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      stream.off("drain", done).off("error", done).off("close", done);
      resolve();
    };
    stream.on("drain", done).on("error", done).on("close", done);
  });
}

// The same error, answered with `Connection: close` (the body was not read to its end).
function withConnectionClose(err: ApiError): ApiError {
  return new ApiError(err.code, err.message, {
    body: err.extra.body,
    headers: { ...err.extra.headers, Connection: "close" },
  });
}
