// Command-line options of `npm run bench` and `npm run soak`.

/** Every scenario of the suite, in the order they run. */
export const SCENARIOS = ["api", "ceiling", "naive", "service", "batch", "noop", "scaling"] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** Options of `npm run bench`. */
export interface BenchOptions {
  scenarios: Scenario[];
  /** Seconds of measured load per wrk run. */
  duration: number;
  /** Seconds of unmeasured load before the first run against a freshly started server. */
  warmup: number;
  connections: number[];
  /** Images of the POST /jobs scenario. */
  batchImages: number;
  /** Worker processes of the service (the scaling scenario adds 1). */
  workers: number;
  images: ("png" | "jpeg")[];
  model: string | null;
  out: string | null;
  /** Extra environment for every process under test (knob sweeps), from `--env A=1,B=2`. */
  env: Record<string, string>;
  /** Write a V8 CPU profile of every process under test into this directory (`--cpu-prof`). */
  profileDir: string | null;
}

/** Options of `npm run soak`. */
export interface SoakOptions {
  minutes: number;
  /** Seconds between samples. */
  interval: number;
  /** Seconds excluded from growth (warm-up). */
  warmupSeconds: number;
  connections: number;
  workers: number;
  /** RESULT_TTL_SECONDS of the soaked service: short, so the plateau of Redis memory shows within the run. */
  resultTtl: number;
  model: string | null;
}

const HELP_BENCH = `usage: npm run bench -- [--scenario a,b] [--duration S] [--warmup S] [--connections 1,16,64]
       [--batch-images N] [--workers N] [--images png,jpeg] [--model PATH] [--out FILE] [--env K=V,K2=V2] [--profile DIR]
scenarios: ${SCENARIOS.join(", ")} (default: all). A quick run: --duration 3 --batch-images 2000`;

const HELP_SOAK = `usage: npm run soak -- [--minutes M] [--interval S] [--warmup S] [--connections N] [--workers N] [--result-ttl S] [--model PATH]`;

/** Thrown for a bad command line; the message says what is wrong and how to call. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

function take(argv: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--help" || a === "-h") throw new UsageError("");
    if (!a.startsWith("--")) throw new UsageError(`unexpected argument ${JSON.stringify(a)}`);
    const eq = a.indexOf("=");
    if (eq > 0) out.set(a.slice(2, eq), a.slice(eq + 1));
    else {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith("--")) throw new UsageError(`${a} needs a value`);
      out.set(a.slice(2), v);
      i++;
    }
  }
  return out;
}

function num(m: Map<string, string>, key: string, dflt: number, min: number, max: number, integer = true): number {
  const raw = m.get(key);
  m.delete(key);
  if (raw === undefined) return dflt;
  const v = Number(raw);
  if (!Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
    throw new UsageError(`--${key} must be ${integer ? "an integer" : "a number"} from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  }
  return v;
}

function list<T extends string>(m: Map<string, string>, key: string, allowed: readonly T[], dflt: T[]): T[] {
  const raw = m.get(key);
  m.delete(key);
  if (raw === undefined) return dflt;
  const items = raw.split(",").map((s) => s.trim()).filter(Boolean);
  const bad = items.filter((s) => !allowed.includes(s as T));
  if (items.length === 0 || bad.length > 0) throw new UsageError(`--${key}: unknown ${bad.join(", ") || "(empty)"}; choose from ${allowed.join(", ")}`);
  return allowed.filter((a) => items.includes(a));
}

function rest(m: Map<string, string>): void {
  if (m.size > 0) throw new UsageError(`unknown option --${[...m.keys()][0]}`);
}

function parseEnvList(raw: string | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  if (raw === undefined) return env;
  for (const pair of raw.split(",")) {
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(pair.trim());
    if (!m) throw new UsageError(`--env takes NAME=value pairs separated by commas, got ${JSON.stringify(pair)}`);
    env[m[1]!] = m[2]!;
  }
  return env;
}

/** Parse `npm run bench -- ...`; throws {@link UsageError} with the usage text. */
export function parseBenchArgs(argv: string[]): BenchOptions {
  try {
    const m = take(argv);
    const conns = m.get("connections");
    m.delete("connections");
    const connections = conns === undefined ? [1, 16, 64] : conns.split(",").map((s) => Number(s.trim()));
    if (connections.length === 0 || connections.some((c) => !Number.isInteger(c) || c < 1 || c > 1024)) {
      throw new UsageError(`--connections must be a comma list of integers from 1 to 1024, got ${JSON.stringify(conns)}`);
    }
    const model = m.get("model") ?? null;
    const out = m.get("out") ?? null;
    const env = parseEnvList(m.get("env"));
    const profileDir = m.get("profile") ?? null;
    m.delete("profile");
    m.delete("model");
    m.delete("out");
    m.delete("env");
    const opts: BenchOptions = {
      scenarios: list(m, "scenario", SCENARIOS, [...SCENARIOS]),
      duration: num(m, "duration", 10, 1, 600),
      warmup: num(m, "warmup", 2, 0, 60),
      connections: [...new Set(connections)].sort((a, b) => a - b),
      batchImages: num(m, "batch-images", 10_000, 1, 100_000),
      workers: num(m, "workers", 2, 1, 16),
      images: list(m, "images", ["png", "jpeg"] as const, ["png", "jpeg"]),
      model,
      out,
      env,
      profileDir,
    };
    rest(m);
    return opts;
  } catch (err) {
    if (err instanceof UsageError) throw new UsageError(err.message ? `${err.message}\n${HELP_BENCH}` : HELP_BENCH);
    throw err;
  }
}

/** Parse `npm run soak -- ...`; throws {@link UsageError} with the usage text. */
export function parseSoakArgs(argv: string[]): SoakOptions {
  try {
    const m = take(argv);
    const model = m.get("model") ?? null;
    m.delete("model");
    const minutes = num(m, "minutes", 10, 0.1, 24 * 60, false);
    const resultTtl = num(m, "result-ttl", 60, 1, 86_400);
    // Redis holds each result for the TTL, so its memory only levels off after
    // about one TTL of load: the warm-up covers 1.5 TTLs when the run is long
    // enough (at most half of it), so the Redis check measures the plateau.
    const warmup = Math.max(Math.min(120, Math.round(minutes * 12)), Math.min(Math.round(resultTtl * 1.5), Math.round(minutes * 30)));
    const opts: SoakOptions = {
      minutes,
      interval: num(m, "interval", 5, 1, 600),
      warmupSeconds: num(m, "warmup", warmup, 0, 3600),
      connections: num(m, "connections", 16, 1, 1024),
      workers: num(m, "workers", 2, 1, 16),
      resultTtl,
      model,
    };
    rest(m);
    return opts;
  } catch (err) {
    if (err instanceof UsageError) throw new UsageError(err.message ? `${err.message}\n${HELP_SOAK}` : HELP_SOAK);
    throw err;
  }
}
