// POST /jobs with many images (in requests of at most MAX_BATCH_FILES), then
// poll GET /jobs/:id until every image is done: images per second end to end.
import { buildMultipartBody } from "./multipart-body.js";
import type { BenchImage } from "./images.js";

/** What one batch run measured. */
export interface BatchResult {
  images: number;
  requests: number;
  /** Seconds from the first POST until the last image was done. */
  seconds: number;
  /** Seconds spent posting (upload + enqueue). */
  enqueueSeconds: number;
  imagesPerSecond: number;
  failed: number;
  /** 429 answers that were retried. */
  throttled: number;
}

interface JobView {
  status: string;
  total: number;
  done: number;
  failed: number;
}

/** Submit `total` copies of `image` and wait until all are done (bounded by `timeoutMs`). */
export async function runBatch(
  url: string,
  image: BenchImage,
  total: number,
  opts: { perRequest?: number; timeoutMs?: number; pollMs?: number } = {},
): Promise<BatchResult> {
  const perRequest = opts.perRequest ?? 1000;
  const timeoutMs = opts.timeoutMs ?? 300_000;
  const pollMs = opts.pollMs ?? 100;
  const bodies = new Map<number, ReturnType<typeof buildMultipartBody>>();
  const bodyOf = (n: number) => {
    let b = bodies.get(n);
    if (!b) {
      b = buildMultipartBody(
        Array.from({ length: n }, (_, i) => ({ field: "file", filename: `${i}.png`, contentType: image.contentType, bytes: image.bytes })),
      );
      bodies.set(n, b);
    }
    return b;
  };
  // Built before the clock starts: the client's work is not the server's.
  bodyOf(Math.min(perRequest, total));
  if (total % perRequest) bodyOf(total % perRequest);

  const t0 = performance.now();
  const deadline = Date.now() + timeoutMs;
  const ids: string[] = [];
  let throttled = 0;
  for (let sent = 0; sent < total; ) {
    const n = Math.min(perRequest, total - sent);
    const { body, contentType } = bodyOf(n);
    const res = await fetch(`${url}/jobs`, { method: "POST", body: new Uint8Array(body), headers: { "content-type": contentType } });
    if (res.status === 429) {
      throttled++;
      await res.body?.cancel();
      if (Date.now() > deadline) throw new Error("POST /jobs kept answering 429 until the timeout");
      await sleep(Number(res.headers.get("retry-after") ?? 1) * 1000);
      continue;
    }
    if (res.status !== 202) throw new Error(`POST /jobs answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    ids.push(((await res.json()) as { id: string }).id);
    sent += n;
  }
  const enqueueSeconds = (performance.now() - t0) / 1000;

  // Jobs are taken in FIFO order, so polling the first unfinished batch is enough.
  let failed = 0;
  let i = 0;
  while (i < ids.length) {
    if (Date.now() > deadline) throw new Error(`batch not done after ${timeoutMs} ms (${i}/${ids.length} requests done)`);
    const res = await fetch(`${url}/jobs/${ids[i]}`);
    if (res.status !== 200) throw new Error(`GET /jobs/${ids[i]} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    const view = (await res.json()) as JobView;
    if (view.done + view.failed >= view.total) {
      failed += view.failed;
      i++;
      continue;
    }
    await sleep(pollMs);
  }
  const seconds = (performance.now() - t0) / 1000;
  return {
    images: total,
    requests: ids.length,
    seconds: round(seconds),
    enqueueSeconds: round(enqueueSeconds),
    imagesPerSecond: Math.round(total / seconds),
    failed,
    throttled,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
