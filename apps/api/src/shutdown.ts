import type { Server } from "node:http";
import type { Logger } from "@repo/logger";

/** Options for {@link createShutdown}. */
export interface ShutdownOptions {
  server: Pick<Server, "close" | "closeIdleConnections" | "closeAllConnections">;
  /** How long in-flight requests may take before their connections are cut. */
  graceMs: number;
  logger: Logger;
  /** Called first (e.g. to make /readyz answer 503). */
  onBegin?: () => void;
  /** Run in order after the HTTP server has closed (queue client, metrics server…). */
  closers: (() => Promise<void>)[];
  /** @defaultValue ["SIGTERM", "SIGINT"] */
  signals?: NodeJS.Signals[];
  exit?: (code: number) => void;
}

/**
 * Graceful stop on SIGTERM/SIGINT: stop accepting connections, let in-flight
 * requests finish (cutting idle keep-alive connections at once and the rest
 * after `graceMs`), then close dependencies and exit 0. A second signal exits
 * at once with 130.
 */
export function createShutdown(opts: ShutdownOptions): { stop(reason: string): Promise<void> } {
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  let stopping: Promise<void> | null = null;

  async function stop(reason: string): Promise<void> {
    opts.logger.info({ reason, graceMs: opts.graceMs }, "shutting down: no new connections, draining");
    opts.onBegin?.();
    const closed = new Promise<void>((resolve) => opts.server.close(() => resolve()));
    opts.server.closeIdleConnections();
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), opts.graceMs)));
    if ((await Promise.race([closed, grace])) === "timeout") {
      opts.logger.warn("grace period over; closing remaining connections");
      opts.server.closeAllConnections();
      await closed;
    }
    clearTimeout(timer);
    for (const close of opts.closers) {
      try {
        await close();
      } catch (err) {
        opts.logger.warn({ err }, "error while closing");
      }
    }
    opts.logger.info("stopped");
  }

  for (const signal of opts.signals ?? (["SIGTERM", "SIGINT"] as NodeJS.Signals[])) {
    process.on(signal, () => {
      if (stopping) {
        opts.logger.warn({ signal }, "second signal: exiting now");
        exit(130);
        return;
      }
      stopping = stop(signal).then(
        () => exit(0),
        (err) => {
          opts.logger.error({ err }, "shutdown failed");
          exit(1);
        },
      );
    });
  }
  return {
    stop: (reason) => (stopping ??= stop(reason)),
  };
}
