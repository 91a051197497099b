import { pino, type Logger, type LoggerOptions } from "pino";

export type { Logger } from "pino";

/** The one structured JSON logger. Child loggers carry `requestId` / `jobId`. */
export function createLogger(
  name: string,
  opts: { level?: string; destination?: NodeJS.WritableStream } & LoggerOptions = {},
): Logger {
  const { level, destination, ...rest } = opts;
  return pino(
    {
      name,
      level: level ?? "info",
      base: { pid: process.pid, name },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      ...rest,
    },
    destination ?? pino.destination({ fd: 1, sync: false }),
  );
}

/** A logger that drops everything: for tests and libraries used without one. */
export const silentLogger: Logger = pino({ level: "silent" });
