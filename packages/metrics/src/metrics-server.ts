// The /metrics HTTP server, on its own port so that scrapes never compete with
// (or get counted as) API traffic.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "@repo/logger";
import type { Registry } from "prom-client";
import { excludeServerFromNetworkBytes } from "./network-bytes.js";

/** Options of {@link startMetricsServer}. */
export interface MetricsServerOptions {
  /** 0 picks a free port (tests). */
  port: number;
  /** @defaultValue "0.0.0.0" */
  host?: string;
  registry: Registry;
  logger: Logger;
}

/** A running /metrics server. */
export interface MetricsServer {
  /** The port actually bound. */
  port: number;
  close(): Promise<void>;
}

/** Serve `GET /metrics` (and `GET /healthz`) for `registry`; resolves once listening. */
export async function startMetricsServer({ port, host = "0.0.0.0", registry, logger }: MetricsServerOptions): Promise<MetricsServer> {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`startMetricsServer: port must be an integer in 0..65535, got ${port}`);
  }
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    if (path === "/healthz") {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
      return;
    }
    if (path !== "/metrics") {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found; try /metrics\n");
      return;
    }
    registry.metrics().then(
      (body) => {
        res.writeHead(200, { "content-type": registry.contentType }).end(req.method === "HEAD" ? undefined : body);
      },
      (err: unknown) => {
        logger.error({ err }, "metrics collection failed");
        res.writeHead(500, { "content-type": "text/plain" }).end("metrics collection failed\n");
      },
    );
  });
  excludeServerFromNetworkBytes(server);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  server.on("error", (err) => logger.error({ err }, "metrics server error"));
  const bound = (server.address() as AddressInfo).port;
  logger.debug({ port: bound, host }, "metrics server listening");
  return {
    port: bound,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
