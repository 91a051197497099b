import { test } from "node:test";
import assert from "node:assert/strict";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { silentLogger } from "@repo/logger";
import { createApp } from "./create-app.js";
import { createShutdown } from "./shutdown.js";
import { FakePredictionService, fakePrediction } from "./test-fake-service.js";
import { testSniff } from "./test-app.js";
import { digitPng } from "./test-png.js";

test("on shutdown an in-flight /predict still gets its 200, /readyz turns 503, new connections are refused, closers run", async () => {
  let shuttingDown = false;
  const service = new FakePredictionService({
    outcome: async (_img, jobId) => {
      await new Promise((r) => setTimeout(r, 300));
      return { kind: "completed", jobId, prediction: fakePrediction(4) };
    },
  });
  const app = createApp({ service, sniffImage: testSniff, logger: silentLogger, isShuttingDown: () => shuttingDown });
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }) as Server;
  await new Promise((r) => server.once("listening", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const closed: string[] = [];
  const shutdown = createShutdown({
    server,
    graceMs: 5000,
    logger: silentLogger,
    onBegin: () => (shuttingDown = true),
    closers: [async () => void closed.push("service"), async () => void closed.push("metrics")],
    signals: [],
    exit: () => {},
  });

  const form = new FormData();
  form.append("file", new Blob([digitPng() as Uint8Array<ArrayBuffer>]), "d.png");
  const inFlight = fetch(`${url}/predict`, { method: "POST", body: form });
  await new Promise((r) => setTimeout(r, 100));
  const stopping = shutdown.stop("test");
  assert.equal(shuttingDown, true);

  const res = await inFlight;
  assert.equal(res.status, 200);
  assert.equal((await res.json()).digit, "4");
  await stopping;
  assert.deepEqual(closed, ["service", "metrics"]);
  await assert.rejects(fetch(`${url}/healthz`), "the listener is closed");
});
