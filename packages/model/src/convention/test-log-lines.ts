// Test helper: a real pino logger whose JSON lines are kept in memory, so a
// test can check what was said while loading a model.
import { Writable } from "node:stream";
import { createLogger, type Logger } from "@repo/logger";

/** A logger at `level` and the lines it has written so far. */
export function logLines(level: "debug" | "info" | "warn" = "info"): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  return { logger: createLogger("test", { level, destination }), lines };
}
