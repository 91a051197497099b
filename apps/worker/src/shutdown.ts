// SIGTERM / SIGINT: stop taking jobs, let the active ones finish, close, exit 0.
// A second signal, or a shutdown slower than the timeout, exits at once (1).
import type { Logger } from "@repo/logger";

/** Run `close` once on the first SIGTERM/SIGINT, then exit. */
export function exitOnSignals(close: () => Promise<void>, opts: { logger: Logger; timeoutMs: number }): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      opts.logger.warn({ signal }, "second signal: exiting now");
      process.exit(1);
    }
    stopping = true;
    opts.logger.info({ signal }, "shutting down: finishing active jobs");
    const timer = setTimeout(() => {
      opts.logger.error({ timeoutMs: opts.timeoutMs }, "shutdown timed out");
      process.exit(1);
    }, opts.timeoutMs);
    timer.unref();
    close().then(
      () => {
        opts.logger.info("shut down cleanly");
        opts.logger.flush?.();
        process.exit(0);
      },
      (err: unknown) => {
        opts.logger.error({ err: String(err) }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}
