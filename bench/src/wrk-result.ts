// The line our Lua `done()` hook prints at the end of a wrk run, and its parser.

/** Marker of the result line in wrk's stdout. */
export const RESULT_MARKER = "BENCH_RESULT ";

/** What one wrk run measured. Latencies in milliseconds. */
export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  /** Non-2xx/3xx responses plus socket errors and timeouts. */
  errors: number;
  non2xx: number;
  socketErrors: number;
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
}

interface RawResult {
  requests: number;
  duration_us: number;
  errors: { connect: number; read: number; write: number; status: number; timeout: number };
  latency_us: { mean: number; max: number; p50: number; p90: number; p99: number };
}

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Find and parse the result line in wrk's stdout; throws when it is missing or malformed. */
export function parseWrkOutput(stdout: string): LoadResult {
  const line = stdout.split("\n").find((l) => l.startsWith(RESULT_MARKER));
  if (!line) throw new Error(`wrk printed no ${RESULT_MARKER.trim()} line; output was:\n${stdout.slice(0, 2000)}`);
  const raw = JSON.parse(line.slice(RESULT_MARKER.length)) as RawResult;
  if (!Number.isFinite(raw.requests) || !(raw.duration_us > 0) || !raw.errors || !raw.latency_us) {
    throw new Error(`malformed wrk result: ${line}`);
  }
  const e = raw.errors;
  const socketErrors = e.connect + e.read + e.write + e.timeout;
  const seconds = raw.duration_us / 1e6;
  const ms = (us: number) => round(us / 1000);
  return {
    requests: raw.requests,
    seconds: round(seconds),
    rps: round(raw.requests / seconds, 1),
    errors: socketErrors + e.status,
    non2xx: e.status,
    socketErrors,
    latencyMs: {
      mean: ms(raw.latency_us.mean),
      p50: ms(raw.latency_us.p50),
      p90: ms(raw.latency_us.p90),
      p99: ms(raw.latency_us.p99),
      max: ms(raw.latency_us.max),
    },
  };
}
